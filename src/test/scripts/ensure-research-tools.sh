#!/usr/bin/env bash
# DatasheetRecipesIT runs the loading recipes of an export bundle's datasheet as researchers would: with Debian's
# Python 3 and pandas, and with R, readr and jsonlite. Install them when this machine does not have them yet.
set -euo pipefail
if /usr/bin/python3 -c 'import pandas' 2>/dev/null \
    && command -v Rscript >/dev/null && Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The datasheet recipe tests need Debian's python3-pandas, r-base-core, r-cran-readr and r-cran-jsonlite:" \
       "run 'sudo apt-get install -y --no-install-recommends python3-pandas r-base-core r-cran-readr r-cran-jsonlite' once." >&2
  exit 1
fi
echo "Installing python3-pandas, r-base-core, r-cran-readr and r-cran-jsonlite for the datasheet recipe tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3-pandas r-base-core r-cran-readr r-cran-jsonlite >/dev/null
