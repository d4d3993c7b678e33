#!/usr/bin/env bash
# The single gate, run the same way by developers and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Core purity: TrueReachCore imports only the standard library and FoundationEssentials"
if grep -rnE '^\s*(@[A-Za-z_]+ )?(public |internal |package |private |fileprivate )?import +(Foundation|Glibc|Darwin|GRDB|NIO[A-Za-z]*|Logging|ArgumentParser)\s*$' Sources/TrueReachCore; then
    echo "error: TrueReachCore must not import Foundation, Glibc, Darwin, GRDB, NIO, Logging or ArgumentParser" >&2
    exit 1
fi

echo "== Format (swift format lint --strict, .swift-format)"
swift format lint --strict --configuration .swift-format -r Sources Tests Package.swift

echo "== Build (with tests), checking that every import is a declared dependency"
swift build --build-tests --explicit-target-dependency-import-check error

echo "== Tests"
swift test --skip-build

echo "== OpenAPI document (scripts/openapi-check: every documented route called, every answer validated)"
scripts/openapi-check --binary .build/debug/truereach

echo "== The dashboard driven in headless Chromium (scripts/browser-test: pages, forms, uploads; hostile text never runs)"
# Selenium through Debian's chromedriver. Skipped, saying so, without chromium, chromedriver or
# selenium; with CI=true any of them missing fails. A server without upload pages fails it too
# (--require-uploads is the default).
scripts/browser-test --binary .build/debug/truereach

echo "== Spark job (scripts/spark-test: scripts/spark-job in local[2] against one machine)"
# Sets up its own virtual environment with pyspark on first use; with CI=true a missing Java or
# pyspark install fails, otherwise it is skipped, saying why.
scripts/spark-test --binary .build/debug/truereach
