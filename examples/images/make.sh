#!/usr/bin/env bash
# Draws the README's six pictures again: five from the bundled data, one from the German party
# donations among the shared open-data samples (../shared/data/real). Run it from anywhere in a
# checkout that has ../shared beside it; it uses `dealgraph` from PATH, or DEALGRAPH if set
# (e.g. DEALGRAPH=target/release/dealgraph).
set -euo pipefail
cd "$(dirname "$0")/../.."
dealgraph="${DEALGRAPH:-dealgraph}"
out=examples/images
donations=../shared/data/real/ftm_de_party_donations.ijson

"$dealgraph" export png -o "$out/world.png" \
    --title "Investors, companies, products and public bodies in the article"
"$dealgraph" export png -o "$out/sensetime.png" --focus SenseTime --depth 2
"$dealgraph" export png -o "$out/path.png" --path SoftBank "Chongqing police"
"$dealgraph" export png -o "$out/overlap.png" --overlap SenseTime Megvii
"$dealgraph" export png -o "$out/exposure.png" --exposure SoftBank --rollup
"$dealgraph" --no-default-data --data "$donations" -q export png -o "$out/donations.png" \
    --focus SPD --title "Donors to the SPD in a sample of the Bundestag's published party donations"
