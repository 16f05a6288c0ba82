"""Fidelity to the authors' runs: KL direction and loss normalisation, LoRA α, optimizer re-creation, HarmBench's
−log(1−p) threshold, and the paper-fidelity table in the docs against the shipped recipes."""

import re
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from lat.config import load_recipe
from lat.objectives.losses import away_loss, kl_to_reference
from lat.training import LATTrainer, train
from tiny import make_tiny_model, pair_records, retain_records, tiny_recipe

DOC = Path(__file__).resolve().parents[1] / "docs" / "paper-fidelity.md"


def _recipe(tmp_path, *extra):
    return tiny_recipe(tmp_path, "train.steps=1", "attack.layers=[1]", *extra)


def _train(tmp_path, tokenizer, *extra):
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    trainer = train(
        _recipe(tmp_path, *extra), model=model, tokenizer=tokenizer, adversarial=pair_records(), retain=retain_records()
    )
    return {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}, trainer


def _max_diff(a, b):
    return max(float((a[k] - b[k]).abs().max()) for k in a)


def test_kl_directions_against_hand_computation_and_the_authors_call():
    torch.manual_seed(0)
    logits, ref = torch.randn(2, 3, 7), torch.randn(2, 3, 7)
    targets = torch.tensor([[1, 2, -100], [3, -100, -100]])
    keep = targets != -100
    p, r = logits[keep].softmax(-1), ref[keep].softmax(-1)  # [3 tokens, vocab]
    ref_policy = (r * (r.log() - p.log())).sum(-1).mean()
    policy_ref = (p * (p.log() - r.log())).sum(-1).mean()
    torch.testing.assert_close(kl_to_reference(logits, ref, targets), ref_policy)
    torch.testing.assert_close(kl_to_reference(logits, ref, targets, "policy_reference"), policy_ref)
    assert not torch.allclose(ref_policy, policy_ref)
    # the authors' F.kl_div(log p_base, p_new) (reduction "mean": over tokens × vocab) is the same direction
    authors = F.kl_div(r.log(), p, reduction="mean")
    torch.testing.assert_close(kl_to_reference(logits, ref, targets, "policy_reference") / 7, authors)


def test_away_loss_harmbench_threshold_zeroes_unlikely_tokens_but_keeps_them_in_the_mean():
    logits = torch.tensor([[[0.0, 0.0], [10.0, 0.0]]])  # token 0: p = 0.5; token 1: target 1 has log p ≈ -10
    targets = torch.tensor([[0, 1]])
    p1 = torch.tensor(10.0).neg().exp() / (1 + torch.tensor(10.0).neg().exp())
    full = (-torch.log(torch.tensor(0.5)) - torch.log1p(-p1)) / 2
    torch.testing.assert_close(away_loss(logits, targets), full)
    torch.testing.assert_close(away_loss(logits, targets, min_logp=-5.0), -torch.log(torch.tensor(0.5)) / 2)


def test_normalize_divides_coefficients_by_their_sum_and_kl_by_its_own_value(tokenizer, tmp_path, monkeypatch):
    """The authors' scaling makes training invariant to (a) multiplying every coefficient by one constant and
    (b) the KL's own scale (it enters as KL / KL.detach()); lat's default is invariant to neither."""
    base = ["defense.kl=0.1", "defense.sft=0.5", "defense.normalize=true", "defense.kl_direction=policy_reference"]
    ref, _ = _train(tmp_path / "a", tokenizer, *base)
    tripled = ["defense.toward=1.5", "defense.away=1.5", "defense.kl=0.3", "defense.sft=1.5"]
    scaled, _ = _train(tmp_path / "b", tokenizer, *base, *tripled)
    assert _max_diff(ref, scaled) < 1e-6
    import lat.training.trainer as trainer_module

    original = trainer_module.kl_to_reference
    # (the first update starts at KL = 0, where the authors' +1e-8 in KL / (KL + 1e-8) dominates: scale it away)
    runs = []
    for factor in (1e6, 1e9):
        monkeypatch.setattr(trainer_module, "kl_to_reference", lambda *a, f=factor, **k: f * original(*a, **k))
        runs.append(_train(tmp_path / f"c{factor:g}", tokenizer, *base)[0])
    assert _max_diff(*runs) < 1e-6
    unnormalized, _ = _train(tmp_path / "d", tokenizer, "defense.kl=0.1", "defense.sft=0.5")
    assert _max_diff(ref, unnormalized) > 1e-4  # the option changes training (it is not a no-op)


def test_reinit_optimizer_gives_every_lat_step_a_fresh_adamw(tokenizer, tmp_path):
    for reinit, expected in (("true", 2), ("false", 4)):
        model = make_tiny_model("llama", vocab_size=len(tokenizer))
        trainer = LATTrainer(
            _recipe(tmp_path / reinit, "train.steps=2", f"train.reinit_optimizer={reinit}"),
            model=model,
            tokenizer=tokenizer,
            adversarial=pair_records(),
            retain=retain_records(),
        ).setup()
        trainer.train()
        steps = {int(s["step"]) for s in trainer.optimizer.state.values()}
        assert steps == {expected}, (reinit, steps)  # AdamW's step count (bias correction) restarts every LAT step


PAPER_RECIPES = [
    "llama3_8b_jailbreak_lat",
    "llama3_8b_jailbreak_rt",
    "llama3_8b_jailbreak_eat",
    "llama2_7b_jailbreak_lat",
    "llama2_7b_backdoor_dpo_lat",
    "llama2_7b_whp",
]


@pytest.mark.parametrize("name", PAPER_RECIPES)
def test_paper_recipes_use_the_authors_settings(name):
    r = load_recipe(name)
    if r.lora.enabled:  # WHP fine-tunes three blocks fully
        assert r.lora.r == 64 and r.lora.alpha == 8  # LoraConfig(r=64) with PEFT's default alpha
    assert r.defense.normalize
    jailbreak = "jailbreak" in name
    assert r.train.reinit_optimizer == jailbreak  # reinitialize_dev_optim: jailbreak runs yes, the others no
    if r.defense.kl > 0:
        assert r.defense.kl_direction == "policy_reference"
    if not name.endswith("_rt"):  # every adversary they define (WHP's ships switched off) is AdamW; RT has none
        assert r.attack.optimizer == "adamw"


def _doc_table() -> tuple[list[str], list[list[str]]]:
    text = DOC.read_text().splitlines()
    start = next(i for i, x in enumerate(text) if x.startswith("| paper setting"))
    lines = []
    for x in text[start:]:  # the first table only
        if not x.startswith("|"):
            break
        lines.append(x)
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [[c.strip() for c in x.strip("|").split("|")] for x in lines[2:]]
    return header, rows


def _value(recipe, key: str):
    node = recipe
    for part in key.split("."):
        node = getattr(node, part)
    return node


def test_paper_fidelity_table_matches_the_shipped_recipes():
    """docs/paper-fidelity.md: every `lat key` cell's value per recipe column is what that recipe really sets."""
    header, rows = _doc_table()
    recipes = {h: load_recipe(h) for h in header if h in PAPER_RECIPES}
    assert set(recipes) == set(PAPER_RECIPES), header
    checked = 0
    for row in rows:
        key = row[1].strip("`")
        if not re.fullmatch(r"[a-z_]+\.[a-z_]+", key):
            continue
        for h, cell in zip(header, row):
            if h not in recipes or cell in ("–", "-", ""):
                continue
            actual = _value(recipes[h], key)
            expected = cell.strip("`")
            if isinstance(actual, bool):
                assert str(actual).lower() == expected, (h, key, actual, expected)
            elif isinstance(actual, float):
                assert actual == pytest.approx(float(expected)), (h, key, actual, expected)
            elif isinstance(actual, list):
                assert [str(x) for x in actual] == [x.strip() for x in expected.strip("[]").split(",")], (h, key)
            else:
                assert str(actual) == expected, (h, key, actual, expected)
            checked += 1
    assert checked >= 40


def test_harmbench_threshold_reaches_both_objectives_from_the_paper_recipes():
    """``attack.away_min_logp`` / ``defense.away_min_logp`` are passed to −log(1−p): tokens the model already finds
    very unlikely (log p < −5) add nothing, as in HarmBench's loss that the authors copy."""
    from lat.objectives import ATTACK_OBJECTIVES, DEFENSE_OBJECTIVES, build_objective

    recipe = load_recipe("llama3_8b_jailbreak_lat")
    attack = build_objective(ATTACK_OBJECTIVES, recipe.attack.objective, recipe.attack)
    defense = build_objective(DEFENSE_OBJECTIVES, recipe.defense.objective, recipe.defense)
    assert attack.away_min_logp == -5.0 and defense.away_min_logp == -5.0
    logits = torch.zeros(1, 2, 8)
    logits[0, 0, 3] = -3.55  # token 3 at position 0: log p ≈ −5.5, just below the threshold
    logits[0, 1, 3] = 5.0  # likely at position 1
    targets = torch.tensor([[3, 3]])
    out = {"rejected_logits": logits, "rejected_targets": targets, "chosen_logits": logits, "chosen_targets": targets}
    plain = build_objective(DEFENSE_OBJECTIVES, "toward_away", load_recipe(None).defense)
    assert plain.away_min_logp is None
    _, with_threshold = defense(out)
    _, without = plain(out)
    # the unlikely token's −log(1 − e^−5.5) ≈ 0.0041 is gone from the mean over 2 tokens
    assert without["def_away"] - with_threshold["def_away"] == pytest.approx(0.0041 / 2, rel=0.05)
