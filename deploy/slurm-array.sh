#!/usr/bin/env bash
# sm-downscale daily 1 km production as a SLURM job array: task i of 1..N runs shard i/N. The output folder must
# be on a filesystem every node sees (e.g. /scratch or /project). Finished units are checksummed there, so a
# requeued or preempted task skips what it already wrote (sbatch --requeue works as is).
#
#   sbatch deploy/slurm-array.sh                                     # the array (edit the paths and dates)
#   sbatch --dependency=afterok:<array job id> deploy/slurm-finalize.sh
#
#SBATCH --job-name=sm-produce
#SBATCH --array=1-16
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --requeue
#SBATCH --output=logs/produce_%A_%a.out
set -euo pipefail
cd "${SM_DOWNSCALE_HOME:-$HOME/sm-downscale}"       # a checkout with `npm ci` done
export SM_DATA_DIR="${SM_DATA_DIR:-/scratch/$USER/sm-data}"
OUT="${OUT:-/scratch/$USER/sm-production}"
npx sm-downscale produce --model "$SM_DATA_DIR/model_chosen.json" \
  --from 2015-05-01 --to 2015-09-30 --out "$OUT" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}"
