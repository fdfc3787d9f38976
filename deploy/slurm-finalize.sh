#!/usr/bin/env bash
# Builds the daily COGs, the period statistics and the STAC catalog once every array task is done
# (submit with --dependency=afterok:<array job id>); exits 3 listing the missing units otherwise.
#SBATCH --job-name=sm-finalize
#SBATCH --cpus-per-task=1
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=logs/finalize_%j.out
set -euo pipefail
cd "${SM_DOWNSCALE_HOME:-$HOME/sm-downscale}"
export SM_DATA_DIR="${SM_DATA_DIR:-/scratch/$USER/sm-data}"
npx sm-downscale produce --finalize --out "${OUT:-/scratch/$USER/sm-production}"
