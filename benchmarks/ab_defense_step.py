"""A/B of the defense's shared prompt on whole training steps, side by side in one process (interleaved, medians).

The RT step (``LATTrainer.train_step`` with the attack off: the defense updates and the retain SFT, nothing else)
of the bench recipe, with the defense computing the prompt once for both completions (the default) and with whole
sequences (``_defense_split`` forced off). Same model, batch and machine load for both.

    python benchmarks/ab_defense_step.py --repeats 5 --out benchmarks/results/ab_defense_step_cpu.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import tempfile

import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recipe", default="bench_smollm2")
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--prompt", type=int, default=64)
    ap.add_argument("--completion", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()

    from lat.bench.step import interleaved, synthetic_batches
    from lat.config import load_recipe
    from lat.training.trainer import LATTrainer

    with tempfile.TemporaryDirectory() as tmp:
        base = load_recipe(args.recipe, [])
        r = load_recipe(
            base.to_dict(),
            [f"train.output_dir={tmp}", "train.progress=false", "train.grad_accum=1", "train.overwrite=true"]
            + [f"train.micro_batch_size={args.batch}", "train.reinit_optimizer=false", "attack.enabled=false"],
        )
        dummy = [{"id": "ab", "prompt": "p", "chosen": "c", "rejected": "r"}]
        trainer = LATTrainer(r, adversarial=dummy, retain=[{"prompt": "p", "completion": "c"}]).setup()
        vocab = trainer.base.config.get_text_config().vocab_size
        pairs, sft = synthetic_batches(vocab, args.batch, args.prompt, args.completion, trainer.accelerator.device)
        trainer._micro = lambda step: [(pairs, sft)]  # the same batch every time: timing, not learning
        shared = trainer._defense_split

        def step(share: bool):
            def run() -> None:
                trainer._defense_split = shared if share else (lambda *a: None)
                trainer.train_step(0)

            return run

        jobs = {"rt_step/whole_sequences": step(False), "rt_step/shared_prompt": step(True)}
        assert shared(pairs, None, None) is not None, "the bench recipe's defense does not share the prompt here"
        samples = interleaved(jobs, args.repeats, print)
        med = {k: statistics.median(v) for k, v in samples.items()}
        result = {
            "medians_s": med,
            "samples_s": samples,
            "speedup": med["rt_step/whole_sequences"] / med["rt_step/shared_prompt"],
            "config": vars(args) | {"threads": torch.get_num_threads(), "defense": dataclasses.asdict(r.defense)},
        }
        print(json.dumps({k: result[k] for k in ("medians_s", "speedup")}, indent=1))
        if args.out:
            with open(args.out, "w") as fh:
                json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main()
