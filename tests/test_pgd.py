"""The attack loop: target loss goes down, ‖δ‖ ≤ ε after every step, the model is frozen and unchanged."""

from dataclasses import replace

import pytest
import torch

from lat.attack import PGDSettings, pgd_attack
from lat.data.tokenize import collate_pairs
from lat.hooks import resolve_hook_points
from lat.objectives import ATTACK_OBJECTIVES
from lat.objectives.attacker import TargetedAttack
from tiny import HostReads


def _batch(tokenizer, pairs, n=3):
    return collate_pairs(tokenizer, pairs[:n], max_length=64)


@pytest.mark.parametrize("norm", ["l2", "linf"])
def test_attack_lowers_target_loss_and_respects_epsilon_every_step(tiny_model, tokenizer, pairs, norm):
    batch = _batch(tokenizer, pairs)
    points = resolve_hook_points(tiny_model, ["embedding", 1, 2])
    eps = 1.0 if norm == "l2" else 0.2
    seen = []

    def check(step, result):
        for adv in result.adversaries.values():
            seen.append(float(adv.token_norms().max()))

    result = pgd_attack(
        tiny_model,
        batch,
        points,
        TargetedAttack(),
        PGDSettings(epsilon=eps, norm=norm, steps=12, lr=0.1),
        callback=check,
    )
    assert len(seen) == 12 * 3
    assert max(seen) <= eps * (1 + 1e-5)
    assert result.losses[-1] < result.losses[0] - 1e-3, result.losses


def test_model_frozen_and_unchanged_during_attack(llama, tokenizer, pairs):
    from peft import LoraConfig, get_peft_model

    model = get_peft_model(llama, LoraConfig(r=2, target_modules=["q_proj", "v_proj"]))
    model.train()
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    grads_seen = []

    def check(step, result):
        grads_seen.extend(n for n, p in model.named_parameters() if p.grad is not None or p.requires_grad)

    result = pgd_attack(
        model,
        _batch(tokenizer, pairs),
        resolve_hook_points(model, [1]),
        TargetedAttack(),
        PGDSettings(steps=5),
        callback=check,
    )
    assert grads_seen == []  # no parameter requires or holds a gradient during the attack
    for n, p in model.named_parameters():
        assert torch.equal(p, before[n]), n
        assert p.grad is None
    assert {n for n, p in model.named_parameters() if p.requires_grad} == trainable  # restored afterwards
    assert model.training  # mode restored
    assert result.losses[-1] < result.losses[0]


def test_relative_epsilon_follows_residual_norm(llama, tokenizer, pairs):
    batch = _batch(tokenizer, pairs)
    points = resolve_hook_points(llama, [2])
    result = pgd_attack(
        llama, batch, points, TargetedAttack(), PGDSettings(epsilon=0.5, epsilon_mode="relative", steps=3)
    )
    assert result.epsilons["layer.2"] == pytest.approx(0.5 * result.residual_norms["layer.2"])
    assert result.delta_norms()["layer.2"] <= result.epsilons["layer.2"] * (1 + 1e-5)


@pytest.mark.parametrize("objective", ["targeted", "untargeted", "dpo"])
def test_every_attack_objective_improves(llama, tokenizer, pairs, objective):
    from lat.objectives import reference_logprobs

    batch = _batch(tokenizer, pairs)
    obj = ATTACK_OBJECTIVES.get(objective)()
    ref = None
    if obj.needs_reference:
        from peft import LoraConfig, get_peft_model

        llama = get_peft_model(llama, LoraConfig(r=2, target_modules=["q_proj"]))
        ref = reference_logprobs(llama, batch)
    result = pgd_attack(
        llama, batch, resolve_hook_points(llama, [1]), obj, PGDSettings(epsilon=2.0, steps=8, lr=0.1), reference=ref
    )
    assert result.losses[-1] < result.losses[0]


def test_reference_log_probs_on_a_shared_prompt_equal_the_plain_ones(llama, tokenizer, pairs):
    """The DPO reference (adapter off, no δ) computed with the prompt once for both completions gives the summed
    log-probs of whole sequences, and the adapter really is off in both (they differ from the adapted model's)."""
    from peft import LoraConfig, get_peft_model

    from lat.objectives import reference_logprobs

    batch = _batch(tokenizer, pairs, n=4)
    model = get_peft_model(llama, LoraConfig(r=2, target_modules=["q_proj"], init_lora_weights=False))
    plain = reference_logprobs(model, batch)
    shared = reference_logprobs(model, batch, share_prompt=True)
    for row in ("chosen", "rejected"):
        torch.testing.assert_close(shared[row], plain[row], rtol=1e-4, atol=1e-4)
    from lat.objectives.forward import pair_logits
    from lat.objectives.losses import sequence_logprob

    with torch.no_grad():  # reference_mode put the adapter back: the adapted model scores otherwise
        out = pair_logits(model, batch)
    assert not torch.allclose(sequence_logprob(out["chosen_logits"], out["chosen_targets"]), plain["chosen"])


def test_sign_optimizer_and_low_rank_adversary(llama, tokenizer, pairs):
    batch = _batch(tokenizer, pairs)
    points = resolve_hook_points(llama, [1])
    r1 = pgd_attack(
        llama, batch, points, TargetedAttack(), PGDSettings(epsilon=1.0, steps=6, lr=0.05, optimizer="sign")
    )
    assert r1.losses[-1] < r1.losses[0]
    r2 = pgd_attack(
        llama, batch, points, TargetedAttack(), PGDSettings(epsilon=1.0, steps=6, lr=0.05, adversary="low_rank", rank=2)
    )
    assert r2.losses[-1] < r2.losses[0]


def test_completion_positions_perturb_completion_only(llama, tokenizer, pairs):
    from lat.objectives.forward import pair_position_mask

    batch = _batch(tokenizer, pairs)
    mask = pair_position_mask(batch, "completion")
    b = batch["prompt_mask"].shape[0]
    assert not (mask[:b].bool() & batch["prompt_mask"].bool()).any()
    assert torch.equal(mask[:b].bool(), batch["chosen_labels"] != -100)
    all_mask = pair_position_mask(batch, "all")
    assert torch.equal(all_mask[b:], batch["rejected_attention_mask"])  # padding never attacked


def test_epsilon_lr_mode_reaches_the_boundary_whatever_the_scale(llama, tokenizer, pairs):
    batch = _batch(tokenizer, pairs)
    points = resolve_hook_points(llama, [1])
    for eps in (0.01, 100.0):
        result = pgd_attack(
            llama, batch, points, TargetedAttack(), PGDSettings(epsilon=eps, steps=6, lr=0.5, lr_mode="epsilon")
        )
        assert 0.5 * eps < result.delta_norms()["layer.1"] <= eps * (1 + 1e-5)


def test_skipping_the_rows_no_loss_reads_gives_the_same_losses_and_gradients(llama, tokenizer, pairs):
    """Objectives declare the completions they read; the unread ones never run — and nothing else changes."""
    from dataclasses import dataclass

    from lat.objectives.defender import TowardAwayDefense
    from lat.objectives.forward import ROWS, pair_logits

    batch = _batch(tokenizer, pairs)
    defense = TowardAwayDefense(toward=0.5, away=0.0)
    assert defense.rows == ("chosen",)

    def loss_and_grads(rows):
        llama.zero_grad()
        loss, _ = defense(pair_logits(llama, batch, rows))
        loss.backward()
        return loss.detach(), [p.grad.clone() for p in llama.parameters() if p.grad is not None]

    (full, g_full), (skip, g_skip) = loss_and_grads(ROWS), loss_and_grads(("chosen",))
    torch.testing.assert_close(skip, full, rtol=1e-5, atol=1e-6)
    for a, b in zip(g_skip, g_full):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6)

    @dataclass
    class EveryRow(TargetedAttack):
        @property
        def rows(self):
            return ROWS

    assert TargetedAttack(away=0.0).rows == ("rejected",)
    settings = PGDSettings(epsilon=1.0, steps=4, lr=0.1)
    points = resolve_hook_points(llama, [1])
    lean = pgd_attack(llama, batch, points, TargetedAttack(away=0.0), settings)
    plain = pgd_attack(llama, batch, points, EveryRow(away=0.0), settings)
    assert lean.losses == pytest.approx(plain.losses, rel=1e-4)
    torch.testing.assert_close(
        lean.adversaries["layer.1"].delta, plain.adversaries["layer.1"].delta, atol=1e-4, rtol=1e-3
    )


@pytest.mark.parametrize("layers", [[2], [1, 3]])
def test_skipping_the_blocks_below_the_first_attacked_one_changes_nothing(tiny_model, tokenizer, pairs, layers):
    """The blocks δ cannot change run once per batch; the losses, δ and the model afterwards are as without."""
    from lat.hooks.layers import get_decoder_layers

    batch = _batch(tokenizer, pairs)
    points = resolve_hook_points(tiny_model, layers)
    calls = {"n": 0}

    def count(*_):
        calls["n"] += 1

    inner = next(m for m in get_decoder_layers(tiny_model)[0].children() if any(True for _ in m.parameters()))
    handle = inner.register_forward_hook(count)  # a part of block 0 runs only when block 0 is really computed
    settings = PGDSettings(epsilon=1.0, steps=5, lr=0.1, share_prompt=False)  # sharing turns skipping off
    fast = pgd_attack(tiny_model, batch, points, TargetedAttack(), settings)
    fast_calls, calls["n"] = calls["n"], 0
    plain = pgd_attack(tiny_model, batch, points, TargetedAttack(), replace(settings, skip_clean_blocks=False))
    handle.remove()
    assert fast.losses == pytest.approx(plain.losses, rel=1e-5)
    for name in fast.adversaries:
        torch.testing.assert_close(fast.adversaries[name].delta, plain.adversaries[name].delta, atol=1e-5, rtol=1e-4)
    assert calls["n"] >= 6  # without skipping, block 0 runs on every forward (5 steps + the final evaluation) …
    assert fast_calls == calls["n"] // 6  # … with it, only on the first
    assert "forward" not in vars(get_decoder_layers(tiny_model)[0])  # the class's forward is restored


def test_the_shared_prompt_forward_gives_the_losses_and_delta_gradients_of_the_plain_one(tiny_model, tokenizer, pairs):
    """Computing the prompt once for both completions (its cache tiled over them) is the same function of δ as the
    stacked forward of whole sequences: same per-token log-probs, same gradients, prompts of unequal lengths."""
    from lat.adversaries.per_token import PerTokenAdversary
    from lat.hooks.perturb import add_perturbations
    from lat.objectives.forward import (
        ROWS,
        can_share_prompt,
        pair_logits,
        pair_position_mask,
        shared_prompt_logits,
        split_pairs,
    )
    from lat.objectives.losses import token_logprobs

    batch = _batch(tokenizer, pairs, n=5)
    assert len(set(batch["prompt_mask"].sum(1).tolist())) > 1  # unequal prompt lengths
    b, pos = batch["prompt_mask"].shape
    if not can_share_prompt(tiny_model, pos):
        assert tiny_model.config.sliding_window < pos  # gemma3 here: the attack keeps the plain forward
        return
    points = resolve_hook_points(tiny_model, ["embedding", 1, 2])
    torch.manual_seed(0)
    d_model = tiny_model.get_input_embeddings().weight.shape[1]
    advs = {p.name: PerTokenAdversary(b, pos, d_model, epsilon=5.0) for p in points}
    for adv in advs.values():
        with torch.no_grad():
            adv.delta.normal_()
        adv.project()

    def per_token(out, row):
        lp = token_logprobs(out[f"{row}_logits"], out[f"{row}_targets"])
        keep = out[f"{row}_targets"] != -100
        return [lp[i][keep[i]] for i in range(b)]  # each row's supervised tokens, in order

    with add_perturbations(points, advs, pair_position_mask(batch, "prompt", ROWS)):
        plain = pair_logits(tiny_model, batch, ROWS)
    split = split_pairs(batch, ROWS)
    shared = shared_prompt_logits(
        tiny_model, split, ROWS, lambda: add_perturbations(points, advs, split["prompt_mask"])
    )
    params = [a.delta for a in advs.values()]
    grads = {}
    for name, out in (("plain", plain), ("shared", shared)):
        rows = {r: per_token(out, r) for r in ROWS}
        grads[name] = (
            rows,
            torch.autograd.grad(sum(t.sum() for r in ROWS for t in rows[r]), params, retain_graph=True),
        )
    for r in ROWS:
        for a, c in zip(grads["shared"][0][r], grads["plain"][0][r]):
            torch.testing.assert_close(a, c, rtol=1e-4, atol=1e-5)
    for a, c in zip(grads["shared"][1], grads["plain"][1]):
        torch.testing.assert_close(a, c, rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("per_row", [False, True])
def test_an_attack_on_a_shared_prompt_finds_what_the_plain_attack_finds(llama, tokenizer, pairs, per_row):
    """pgd_attack with the prompt computed once: the same loss trajectory, ε and δ as with whole sequences."""
    batch = _batch(tokenizer, pairs, n=4)
    points = resolve_hook_points(llama, [1, 3])
    settings = PGDSettings(epsilon=0.5, epsilon_mode="relative", steps=4, lr=0.25, lr_mode="epsilon")
    runs = [
        pgd_attack(llama, batch, points, TargetedAttack(), replace(settings, share_prompt=share), per_row=per_row)
        for share in (True, False)
    ]
    shared, plain = runs
    assert shared.losses == pytest.approx(plain.losses, rel=1e-4)
    assert shared.epsilons == pytest.approx(plain.epsilons, rel=1e-5)
    assert shared.residual_norms == pytest.approx(plain.residual_norms, rel=1e-5)
    if per_row:
        assert shared.row_losses["last"] == pytest.approx(plain.row_losses["last"], rel=1e-4)
    for name in shared.adversaries:
        torch.testing.assert_close(shared.adversaries[name].delta, plain.adversaries[name].delta, atol=1e-4, rtol=1e-3)


@pytest.mark.parametrize("objective", ["targeted", "untargeted"])
def test_pgd_steps_read_nothing_back_to_the_host(llama, tokenizer, pairs, monkeypatch, objective):
    # Host reads per attack must not grow with the number of PGD steps: the step's loss and logs stay on the
    # device until the attack ends (issue 13: "host syncs in every PGD step").
    batch = _batch(tokenizer, pairs)
    points = resolve_hook_points(llama, [1, 2])
    counts = {}
    for steps in (2, 8):
        reads = HostReads(monkeypatch)
        result = pgd_attack(
            llama,
            batch,
            points,
            ATTACK_OBJECTIVES.get(objective)(),
            PGDSettings(epsilon=0.5, epsilon_mode="relative", steps=steps),
            final_eval=False,
        )
        counts[steps] = reads.count
        monkeypatch.undo()
        assert len(result.losses) == steps and all(isinstance(x, float) for x in result.losses)
        assert all(isinstance(v, float) for v in result.last_logs.values())
    assert counts[8] == counts[2], counts


def test_logs_are_read_back_in_one_copy(monkeypatch):
    from lat.objectives.base import host_values

    logs = {"a": torch.tensor(1.5), "b": 2.0, "c": torch.tensor([0.25])}
    reads = HostReads(monkeypatch)
    assert host_values(logs) == {"a": 1.5, "b": 2.0, "c": 0.25}
    monkeypatch.undo()
    assert reads.count == 1
