# Sourced by the scripts: the environment yarn, corepack and native builds
# need on a machine that reaches only the package registries.

# corepack fetches yarn from the npm registry that npm is configured with.
COREPACK_NPM_REGISTRY="$(cd / && npm config get registry | sed 's#/$##')"
export COREPACK_NPM_REGISTRY
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# better-sqlite3 builds from source against the system's Node headers:
# prebuilt binaries cannot be downloaded.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
export YARN_ENABLE_TELEMETRY=0
