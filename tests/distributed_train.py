"""Train a tiny model with the LAT trainer and save its trainable weights (run under 1 or 2 processes).

Usage: python tests/distributed_train.py OUT_DIR GRAD_ACCUM [OVERRIDE ...]   (or under ``accelerate launch
--num_processes 2``)
"""

import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
torch.set_num_threads(1)

from safetensors.torch import save_file  # noqa: E402

from lat.config import load_recipe  # noqa: E402
from lat.training import train  # noqa: E402
from tiny import make_tiny_model, make_tokenizer, pair_records, retain_records  # noqa: E402

out, accum, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
tokenizer = make_tokenizer()
recipe = load_recipe(
    None,
    [
        f"train.output_dir={out}",
        "train.steps=3",
        "train.micro_batch_size=2",
        f"train.grad_accum={accum}",
        "train.lr=1e-2",
        "train.progress=false",
        "lora.r=4",
        "lora.target_modules=[q_proj,v_proj,down_proj]",
        "attack.layers=[embedding,1,2]",
        "attack.epsilon=1.0",
        "attack.steps=3",
        "defense.steps_per_attack=2",
        "defense.kl=0.1",
        "data.max_length=64",
        *extra,
    ],
)
trainer = train(
    recipe,
    model=make_tiny_model("llama", vocab_size=len(tokenizer)),
    tokenizer=tokenizer,
    adversarial=pair_records(16),
    retain=retain_records(16),
)
if trainer.accelerator.is_main_process:
    state = {
        n: p.detach().contiguous()
        for n, p in trainer.accelerator.unwrap_model(trainer.model).named_parameters()
        if p.requires_grad
    }
    save_file(state, str(Path(out) / "final.safetensors"))
    print("world", trainer.accelerator.num_processes)
