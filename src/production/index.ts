export * from "./kernelSpec";
export * from "./applyKernel";
export * from "./kernelPool";
