#!/bin/sh
# Rewrites the seed corpora (corpus/<target>/) from ../spec/examples and the catalogue.
# Run it after operations or examples change; files the fuzzer added are left alone.
set -eu
cd "$(dirname "$0")"
WRITE_SEEDS=1 cargo test --test replay -- --exact seed_corpus_is_up_to_date
