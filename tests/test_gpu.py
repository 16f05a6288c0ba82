"""The same engine on CUDA with bf16 weights (skipped without a GPU; run with -m gpu)."""

import pytest
import torch

from lat.attack import PGDSettings, pgd_attack
from lat.config import load_recipe
from lat.data.tokenize import collate_pairs
from lat.hooks import resolve_hook_points
from lat.objectives.attacker import TargetedAttack
from lat.training import train
from tiny import make_tiny_model, pair_records, retain_records

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]


def test_attack_on_cuda_bf16_keeps_delta_float32_and_in_ball(tokenizer):
    model = make_tiny_model("llama", vocab_size=len(tokenizer)).to("cuda", torch.bfloat16)
    batch = collate_pairs(tokenizer, pair_records(4), 64, device="cuda")
    result = pgd_attack(
        model,
        batch,
        resolve_hook_points(model, ["embedding", 1, 2]),
        TargetedAttack(),
        PGDSettings(epsilon=1.0, steps=10, lr=0.1),
    )
    for adv in result.adversaries.values():
        assert adv.delta.dtype == torch.float32 and adv.delta.device.type == "cuda"
        assert adv.token_norms().max() <= 1.0 + 1e-4
    assert result.losses[-1] < result.losses[0]


def test_training_on_cuda_bf16_moves_lora_weights(tokenizer, tmp_path):
    model = make_tiny_model("llama", vocab_size=len(tokenizer)).to(torch.bfloat16)
    recipe = load_recipe(
        None,
        [
            f"train.output_dir={tmp_path}",
            "train.steps=2",
            "train.micro_batch_size=2",
            "train.grad_accum=2",
            "train.lr=1e-2",
            "train.progress=false",
            "lora.r=4",
            "lora.target_modules=[q_proj,v_proj]",
            "attack.layers=[1,2]",
            "attack.steps=3",
            "defense.kl=0.1",
            "data.max_length=64",
        ],
    )
    trainer = train(recipe, model=model, tokenizer=tokenizer, adversarial=pair_records(), retain=retain_records())
    assert trainer.accelerator.device.type == "cuda"
    assert next(trainer.model.parameters()).device.type == "cuda"
    assert trainer.history[-1]["attack_loss_last"] < trainer.history[-1]["attack_loss_first"]
