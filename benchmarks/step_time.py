"""Benchmark: wall time of one RT step vs one RT+LAT step (same batch, same defense updates), side by side.

A random-init Llama-style model (no download) at a chosen size; the paper's LAT settings (5 hook points incl. the
embeddings, 16 PGD steps, 4 defense steps, LoRA r64). Prints the per-step times and the LAT/RT ratio.

    python benchmarks/step_time.py --hidden 2048 --layers 16 --batch 8 --seq 256 --device cuda --dtype bfloat16
"""

from __future__ import annotations

import argparse
import json
import random
import time

import torch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=576)
    ap.add_argument("--layers", type=int, default=30)
    ap.add_argument("--vocab", type=int, default=49152)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seq", type=int, default=96)
    ap.add_argument("--prompt", type=int, default=48)
    ap.add_argument("--pgd-steps", type=int, default=16)
    ap.add_argument("--defense-steps", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--dtype", default="bfloat16" if torch.cuda.is_available() else "float32")
    args = ap.parse_args()

    from peft import LoraConfig, get_peft_model
    from transformers import LlamaConfig, LlamaForCausalLM

    from lat.attack import PGDSettings, pgd_attack
    from lat.hooks import resolve_hook_points
    from lat.objectives.attacker import TargetedAttack
    from lat.objectives.defender import TowardAwayDefense
    from lat.objectives.forward import pair_logits

    torch.manual_seed(0)
    dtype = getattr(torch, args.dtype)
    cfg = LlamaConfig(
        hidden_size=args.hidden,
        intermediate_size=int(args.hidden * 8 / 3) // 64 * 64,
        num_hidden_layers=args.layers,
        num_attention_heads=max(1, args.hidden // 64),
        num_key_value_heads=max(1, args.hidden // 256),
        vocab_size=args.vocab,
        max_position_embeddings=max(512, args.seq),
    )
    torch.set_default_dtype(dtype)
    with torch.device(args.device):  # build on the device: a 7B random init on the CPU takes minutes
        model = LlamaForCausalLM(cfg)
    torch.set_default_dtype(torch.float32)
    model = get_peft_model(
        model,
        LoraConfig(
            r=64, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "up_proj", "down_proj"]
        ),
    )
    n_params = sum(p.numel() for p in model.parameters())
    b, t, p = args.batch, args.seq, args.prompt
    ids = torch.randint(10, args.vocab, (b, t), device=args.device)
    labels = ids.clone()
    labels[:, :p] = -100
    batch = {
        "chosen_input_ids": ids,
        "rejected_input_ids": ids.roll(1, dims=1),
        "chosen_attention_mask": torch.ones_like(ids),
        "rejected_attention_mask": torch.ones_like(ids),
        "chosen_labels": labels,
        "rejected_labels": labels.roll(1, dims=1).masked_fill(labels == -100, -100),
        "prompt_mask": (torch.arange(t, device=args.device) < p).long().expand(b, t),
    }
    layers = ["embedding", *[round(args.layers * f) for f in (0.25, 0.5, 0.75)], args.layers - 2]
    points = resolve_hook_points(model, layers)
    opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=1e-5)
    defense = TowardAwayDefense()

    def sync() -> None:
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()

    def step(with_attack: bool) -> float:
        sync()
        t0 = time.perf_counter()
        attack = None
        if with_attack:
            attack = pgd_attack(
                model,
                batch,
                points,
                TargetedAttack(),
                PGDSettings(epsilon=6.0, steps=args.pgd_steps, lr=5e-2),
                final_eval=False,
            )
        for _ in range(args.defense_steps):
            if attack is not None:
                with attack.perturb():
                    loss, _ = defense(pair_logits(model, batch))
            else:
                loss, _ = defense(pair_logits(model, batch))
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
        sync()
        return time.perf_counter() - t0

    step(False), step(True)  # warm-up
    order = [False, True] * args.repeats
    random.Random(0).shuffle(order)  # interleaved, so drift in machine speed hits both alike
    times: dict[bool, list[float]] = {False: [], True: []}
    for flag in order:
        times[flag].append(step(flag))
    rt, lat = min(times[False]), min(times[True])
    result = {
        "device": torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu",
        "dtype": args.dtype,
        "params_M": round(n_params / 1e6, 1),
        "batch": b,
        "seq": t,
        "layers": layers,
        "pgd_steps": args.pgd_steps,
        "defense_steps": args.defense_steps,
        "rt_step_s": round(rt, 4),
        "lat_step_s": round(lat, 4),
        "lat_over_rt": round(lat / rt, 2),
        "peak_mem_GiB": round(torch.cuda.max_memory_allocated() / 2**30, 2) if args.device.startswith("cuda") else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
