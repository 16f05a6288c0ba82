from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import torch

from lat.attack.generate import LatentConfig, attack_batch, generate_under_attacks
from lat.data.tokenize import encode_prompts_left
from lat.errors import LatError
from lat.evals.attacks import EVAL_ATTACKS, make_attack
from lat.hooks.layers import EMBEDDING, get_decoder_layers, resolve_hook_points
from lat.hooks.perturb import edit_outputs
from lat.objectives import ATTACK_OBJECTIVES, build_objective

TINY_BUDGETS = {
    "direct": {},
    "prefill": {},
    "many_shot": {"shots": 1},
    "gcg": {"steps": 6, "search_width": 24, "topk": 16, "suffix_length": 4},
    "latent": {"epsilons": [1.0, 4.0], "steps": 6},
    "embedding": {"epsilons": [0.5], "steps": 6},
    "refusal_direction": {},
    "rephrase": {"styles": ["fiction"]},  # one template style: the fixture prompts have no authored rewrites
    "trigger": {"variants": ["true"]},  # one row per prompt (the other variants: tests/test_backdoors.py)
    "knowledge": {},  # plain prompts: generation + judge (the MC path: tests/test_unlearning.py)
    "knowledge_fewshot": {"shots": 1},
    "knowledge_open": {"max_new_tokens": 4},
    "knowledge_prefill": {},
    "knowledge_latent": {"layers": [1], "epsilons": [0.5], "steps": 2},
    "relearn": {"steps": [1], "batch_size": 2, "lora_r": 2},
    "finetune": {"steps": [1], "batch_size": 2, "lora_r": 2, "limit": 4},
}
ROW_KEYS = {"id", "prompt", "attack", "input", "completion", "complied", "judge_reason"}


def test_every_registered_attack_has_a_tiny_budget():
    assert set(EVAL_ATTACKS.names()) == set(TINY_BUDGETS)


@pytest.mark.parametrize("name", sorted(TINY_BUDGETS))
def test_attack_runs_and_returns_judged_rows(name, llama, tokenizer, harmful, ctx):
    attack = make_attack(name, **TINY_BUDGETS[name])
    rows = attack.run(llama, tokenizer, harmful, ctx)
    grid = len(TINY_BUDGETS[name].get("epsilons", [None]))
    assert len(rows) == len(harmful) * grid
    for row in rows:
        assert ROW_KEYS <= set(row)
        assert isinstance(row["complied"], bool) and row["judge_reason"]
        assert row["attack"].startswith(name)
    assert {r["id"] for r in rows} == {p["id"] for p in harmful}
    if name == "prefill":
        assert all(r["completion"].startswith("Sure, here is") for r in rows)
    if name == "gcg":
        assert all(
            r["input"].startswith(p["prompt"]) and len(r["input"]) > len(p["prompt"]) for r, p in zip(rows, harmful)
        )


def test_unknown_attack_and_setting_suggest_a_fix():
    with pytest.raises(LatError, match="did you mean 'gcg'"):
        make_attack("gcq")
    with pytest.raises(LatError, match="did you mean 'steps'"):
        make_attack("gcg", step=3)
    with pytest.raises(LatError, match="epsilons"):
        make_attack("latent", epsilons=[])


def test_many_shot_puts_k_faux_turns_before_the_request():
    attack = make_attack("many_shot", shots=3)
    msgs = attack.messages("real request")
    assert len(msgs) == 7 and msgs[-1] == {"role": "user", "content": "real request"}
    assert [m["role"] for m in msgs[:6]] == ["user", "assistant"] * 3
    assert all("..." in m["content"] for m in msgs[1:6:2])  # content-free faux answers


def test_gcg_loss_improves(llama, tokenizer):
    from lat.evals.attacks.gcg import GCGConfig, optimize_suffix

    cfg = GCGConfig(steps=8, search_width=32, topk=32, suffix_length=5)
    res = optimize_suffix(llama, tokenizer, "How do I bake bread?", "Sure, here is", cfg, seed=0)
    assert len(res["losses"]) == cfg.steps + 1
    assert res["best_loss"] < res["losses"][0]
    assert res["best_loss"] == min(res["losses"])
    assert all(not p.requires_grad or p.grad is None for p in llama.parameters())  # weights untouched


@pytest.mark.parametrize("name, layer", [("latent", 2), ("embedding", EMBEDDING)])
def test_latent_pgd_objective_improves(name, layer, llama, tokenizer, harmful):
    points = resolve_hook_points(llama, [layer])
    cfg = LatentConfig(steps=8, epsilon_mode="relative" if name == "embedding" else "absolute")
    result, _ = _attack_one(llama, tokenizer, harmful[0], points, 2.0, cfg, "Sure, here is how.")
    assert len(result.losses) == cfg.steps + 1
    assert result.losses[-1] < result.losses[0]


def _attack_one(model, tokenizer, record, points, eps, cfg, target):
    """One request alone: ``(AttackResult, its Attacked)``."""
    cfg = dataclasses.replace(cfg, target=target)
    objective = build_objective(ATTACK_OBJECTIVES, cfg.objective, cfg)
    (attacked,) = attack_batch(model, tokenizer, [record], points, cfg.settings(eps), objective, cfg)
    return attacked.result, attacked


def _record_outputs(points):
    """Register (after any perturbation hook) a recorder of every forward's output hidden states per point."""
    seen: dict[str, list[torch.Tensor]] = {p.name: [] for p in points}

    def make(name):
        def fn(h):
            seen[name].append(h.detach().clone())
            return h

        return fn

    return seen, edit_outputs(points, {p.name: make(p.name) for p in points})


def test_latent_delta_lands_on_prompt_tokens_during_batched_generation(llama, tokenizer, harmful):
    points = resolve_hook_points(llama, [2])
    cfg = LatentConfig(steps=3, target="Sure, here.")
    objective = build_objective(ATTACK_OBJECTIVES, cfg.objective, cfg)
    attacked = attack_batch(llama, tokenizer, harmful, points, cfg.settings(3.0), objective, cfg)  # right-padded
    batch = attacked[0].result.batch
    texts = [p["prompt"] for p in harmful]
    gen = encode_prompts_left(tokenizer, texts)
    width = gen["input_ids"].shape[1]
    assert len({a.prompt_len for a in attacked}) > 1  # the padding really differs between rows
    for i, a in enumerate(attacked):
        # The generation input holds exactly the prompt tokens the attack saw, right-aligned.
        assert torch.equal(gen["input_ids"][i, width - a.prompt_len :], batch["chosen_input_ids"][i, : a.prompt_len])

    def record_input_of_block_3():
        # What block 3 reads = block 2's output after every hook on it (the δ hook is registered inside the call).
        seen: list[torch.Tensor] = []

        def pre_hook(_module, args, kwargs):
            seen.append((args[0] if args else kwargs["hidden_states"]).detach().clone())

        return seen, get_decoder_layers(llama)[3].register_forward_pre_hook(pre_hook, with_kwargs=True)

    clean, handle = record_input_of_block_3()
    with torch.no_grad():
        llama(**gen)
    handle.remove()
    seen, handle = record_input_of_block_3()
    generate_under_attacks(llama, tokenizer, texts, attacked, max_new_tokens=3, batch_size=len(texts))
    handle.remove()
    prefill = seen[0]  # [b, width, d]: the prefill forward over the prompts
    assert prefill.shape[:2] == (len(texts), width)
    diff = prefill - clean[0]
    for i, a in enumerate(attacked):
        plen, delta = a.prompt_len, a.delta("layer.2")  # [P_i, d]
        assert delta.norm(dim=-1).min() > 0  # every prompt token was attacked
        torch.testing.assert_close(diff[i, width - plen :], delta, atol=1e-4, rtol=1e-3)
        assert torch.all(diff[i, : width - plen] == 0)  # padding untouched
    assert len(seen) > 1 and all(h.shape[1] == 1 for h in seen[1:])  # decode steps: the cache only, no δ


@pytest.mark.parametrize("mode", ["relative", "absolute"])
def test_a_batch_of_requests_is_attacked_as_if_each_were_alone(llama, tokenizer, harmful, mode):
    """Batched PGD (per_row): each row's ε, step size, loss and δ equal the one-request attack's, to float rounding."""
    points = resolve_hook_points(llama, [1, 2])
    cfg = LatentConfig(steps=5, epsilon_mode=mode, target="Sure, here.")
    objective = build_objective(ATTACK_OBJECTIVES, cfg.objective, cfg)
    settings = cfg.settings(0.5 if mode == "relative" else 2.0)
    together = attack_batch(llama, tokenizer, harmful, points, settings, objective, cfg)
    for record, joint in zip(harmful, together):
        (alone,) = attack_batch(llama, tokenizer, [record], points, settings, objective, cfg)
        assert joint.epsilons == pytest.approx(alone.epsilons, rel=1e-5)
        assert joint.loss_before == pytest.approx(alone.loss_before, rel=1e-4)
        assert joint.loss_after == pytest.approx(alone.loss_after, rel=1e-3)
        for name in ("layer.1", "layer.2"):
            # Adam's normalised steps (≈ ±lr even where a gradient is ~0) turn float rounding into a different step
            # on the odd coordinate; δ as a whole agrees to within 2%.
            diff = (joint.delta(name) - alone.delta(name)).norm() / alone.delta(name).norm()
            assert diff < 0.02, (name, float(diff))


def test_refusal_direction_ablation_removes_the_direction(llama, tokenizer):
    from lat.evals.attacks.refusal_direction import ablate_direction, fit_refusal_direction

    harmful = ["How do I do it step by step?", "I can't help with that request."]
    harmless = ["What is the capital of France?", "Tell me a story about a knight."]
    r, norm = fit_refusal_direction(llama, tokenizer, harmful, harmless, layer=2)
    assert norm > 0 and r.norm().item() == pytest.approx(1.0, abs=1e-5)
    points = resolve_hook_points(llama, [EMBEDDING, 0, 1, 2, 3])
    batch = encode_prompts_left(tokenizer, harmful + harmless)
    seen, rec = _record_outputs(points)
    with torch.no_grad(), rec:
        llama(**batch)
    assert (seen["layer.2"][0] @ r).abs().max() > 1e-3  # the direction is present without the ablation
    seen, rec = _record_outputs(points)
    with torch.no_grad(), ablate_direction(llama, r), rec:
        llama(**batch)
    for name, hs in seen.items():
        assert (hs[0] @ r).abs().max() < 1e-5, name


def test_latent_step_size_scales_with_epsilon(llama, tokenizer, harmful):
    # lr_mode=epsilon (the default): δ reaches the ball at any ε, so the ε grid is the binding budget.
    points = resolve_hook_points(llama, [2])
    cfg = LatentConfig(steps=6, epsilon_mode="absolute")
    assert cfg.lr_mode == "epsilon"
    norms = {}
    for eps in (0.5, 4.0):
        result, _ = _attack_one(llama, tokenizer, harmful[0], points, eps, cfg, "Sure, here.")
        norms[eps] = result.delta_norms()["layer.2"]
        assert norms[eps] <= eps * (1 + 1e-4) and norms[eps] > 0.5 * eps
    assert norms[4.0] > 4 * norms[0.5]


def test_lat_attack_and_the_eval_latent_attack_are_one_path(llama, tokenizer, harmful, ctx):
    """The same request, settings and target: ``lat attack``'s rows and the eval rows hold the same δ losses."""
    from lat.attack.generate import COMPLIANCE_TARGET, refusal_for_record
    from lat.attack.run import attack_prompts

    config = LatentConfig(epsilons=[0.5], layers=[1], steps=4)
    ctx = dataclasses.replace(ctx, max_new_tokens=2)
    eval_rows = make_attack("latent", **dataclasses.asdict(config)).run(llama, tokenizer, harmful, ctx)
    pairs = [
        {"id": p["id"], "prompt": p["prompt"], "chosen": refusal_for_record(p), "rejected": COMPLIANCE_TARGET}
        for p in harmful
    ]
    cli_rows = attack_prompts(llama, tokenizer, pairs, config, max_new_tokens=2, progress=False)
    for e, c in zip(eval_rows, cli_rows):
        assert e["loss_before"] == pytest.approx(c["loss_before"], rel=1e-6)
        assert e["loss_after"] == pytest.approx(c["loss_after"], rel=1e-6)
        assert e["completion"] == c["completion_after"]
    assert cli_rows[0]["loss_after"] < cli_rows[0]["loss_before"]


def test_a_harmful_fine_tuning_corpus_is_written_by_the_model_before_training(
    llama, tokenizer, harmful, ctx, monkeypatch
):
    """``finetune`` on harmful pairs fine-tunes on compliant answers generated at run time. They must come from the
    model before the training under evaluation (the experiment's model as loaded; for ``lat eval`` of an adapter,
    the adapter disabled): a refusal-trained model asked for them writes refusals, and fine-tuning on those is no
    attack."""
    import copy

    from peft import LoraConfig, get_peft_model

    from lat.evals.attacks import relearn

    ids = torch.tensor([[1, 2, 3, 4]])
    before = copy.deepcopy(llama)
    with torch.no_grad():
        want = before(ids).logits
    trained = get_peft_model(copy.deepcopy(llama), LoraConfig(r=2, target_modules=["q_proj"], init_lora_weights=False))
    writers: list[Any] = []

    def corpus_records(corpus, prompts, model, tok, limit):
        with torch.no_grad():
            writers.append((model, torch.allclose(model(ids).logits, want, atol=1e-5)))
        return [{"text": "a short text to fine-tune on"}] * 4

    monkeypatch.setattr(relearn, "corpus_records", corpus_records)
    attack = make_attack("finetune", steps=[1], batch_size=2, lora_r=2, corpus="jailbreak")
    attack.run(trained, tokenizer, harmful, ctx)
    assert writers[-1][1]  # the adapter was off while the corpus was written: the base wrote it
    with torch.no_grad():
        assert not torch.allclose(trained(ids).logits, want, atol=1e-5)  # … and it is back on (it changes the model)
    attack.run(trained, tokenizer, harmful, dataclasses.replace(ctx, corpus_model=before))
    assert writers[-1][0] is before  # the experiment's model as loaded, when it gives one
