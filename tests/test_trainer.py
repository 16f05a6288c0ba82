"""The trainer: what changes after a LAT step, the reference model, gradient accumulation, resume."""

import dataclasses
import json

import pytest
import torch

from lat.config import load_recipe
from lat.errors import LatError
from lat.training import LATTrainer, train
from tiny import make_tiny_model, pair_records, retain_records

TARGETS = {"gpt2": ["c_attn", "c_proj"], "gpt_neox": ["query_key_value", "dense"]}


def _recipe(tmp_path, arch="llama", *extra):
    targets = TARGETS.get(arch, ["q_proj", "v_proj", "down_proj"])
    return load_recipe(
        None,
        [
            f"train.output_dir={tmp_path}",
            "train.steps=2",
            "train.micro_batch_size=2",
            "train.grad_accum=2",
            "train.lr=1e-2",
            "train.progress=false",
            "lora.r=4",
            f"lora.target_modules={targets}",
            "attack.layers=[embedding,1,2]",
            "attack.epsilon=1.0",
            "attack.steps=3",
            "defense.steps_per_attack=2",
            "data.max_length=64",
            *extra,
        ],
    )


def _set_up(recipe, tokenizer, arch="llama"):
    """A set-up trainer for ``recipe`` on a tiny model and the tiny pair / retain records."""
    return LATTrainer(
        recipe,
        model=make_tiny_model(arch, vocab_size=len(tokenizer)),
        tokenizer=tokenizer,
        adversarial=pair_records(),
        retain=retain_records(),
    ).setup()


def _run(tmp_path, arch="llama", *extra, tokenizer):
    model = make_tiny_model(arch, vocab_size=len(tokenizer))
    return train(
        _recipe(tmp_path, arch, *extra),
        model=model,
        tokenizer=tokenizer,
        adversarial=pair_records(),
        retain=retain_records(),
    )


def test_lat_step_changes_every_lora_parameter_and_no_frozen_one(arch, tokenizer, tmp_path):
    model = make_tiny_model(arch, vocab_size=len(tokenizer))
    base = {n: p.detach().clone() for n, p in model.named_parameters()}
    trainer = LATTrainer(
        _recipe(tmp_path, arch, "train.steps=1"),
        model=model,
        tokenizer=tokenizer,
        adversarial=pair_records(),
        retain=retain_records(),
    ).setup()
    lora_before = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
    assert lora_before and all("lora_" in n for n in lora_before)
    trainer.train()
    for n, p in trainer.model.named_parameters():
        if n in lora_before:
            assert not torch.equal(p, lora_before[n]), f"LoRA parameter {n} did not change"
        else:
            key = n.replace("base_model.model.", "").replace(".base_layer", "")
            assert torch.equal(p, base[key]), f"frozen weight {n} changed"


def test_adapter_disabled_logits_equal_the_base_model(tokenizer, tmp_path):
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    reference = make_tiny_model("llama", vocab_size=len(tokenizer))  # same seed: an identical copy
    trainer = train(
        _recipe(tmp_path), model=model, tokenizer=tokenizer, adversarial=pair_records(), retain=retain_records()
    )
    ids = tokenizer("How do I bake bread?", return_tensors="pt")
    peft_model = trainer.accelerator.unwrap_model(trainer.model)
    with torch.no_grad():
        with peft_model.disable_adapter():
            disabled = peft_model(**ids).logits
        trained = peft_model(**ids).logits
        base = reference(**ids).logits
    torch.testing.assert_close(disabled, base)
    assert not torch.allclose(trained, base)


def test_every_micro_batch_is_trained_under_its_own_attack(tokenizer, tmp_path, monkeypatch):
    """Regression test for the authors' bug: with accumulation only the last micro-batch was trained under attack."""
    from lat.attack import pgd as pgd_module

    entered = []

    def spy(method):
        original = getattr(pgd_module.AttackResult, method)

        def installed(self, *args):
            if id(self) in {a[0] for a in attacks}:  # a finished attack re-installed by the defender (not PGD's own)
                entered.append(id(self))
            return original(self, *args)

        monkeypatch.setattr(pgd_module.AttackResult, method, installed)

    spy("perturb")  # whole sequences
    spy("perturb_prompt")  # the prompt computed once for both completions (attack.share_prompt)
    attacks = []
    original_attack = LATTrainer.attack

    def spy_attack(self, pairs, reference=None):
        result = original_attack(self, pairs, reference)
        attacks.append((id(result), pairs["chosen_input_ids"].clone()))
        return result

    monkeypatch.setattr(LATTrainer, "attack", spy_attack)
    recipe = _recipe(tmp_path, "llama", "train.steps=1", "train.grad_accum=3", "defense.steps_per_attack=2")
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    train(recipe, model=model, tokenizer=tokenizer, adversarial=pair_records(), retain=retain_records())
    assert len(attacks) == 3  # one attack per micro-batch
    assert len({a[1].shape for a in attacks}) >= 1 and len({a[0] for a in attacks}) == 3
    defense_uses = entered
    # each attack is re-installed for its own micro-batch in each of the 2 defense steps
    for attack_id, _ in attacks:
        assert defense_uses.count(attack_id) == 2


def test_resume_equals_uninterrupted_training(tokenizer, tmp_path):
    full = _run(tmp_path / "full", "llama", "train.steps=4", tokenizer=tokenizer)
    _run(tmp_path / "part", "llama", "train.steps=2", "train.save_every=1", tokenizer=tokenizer)
    # resume from the middle: drop the final checkpoint (step-2), so the run continues from step-1
    import shutil

    shutil.rmtree(tmp_path / "part" / "checkpoints" / "step-2")
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    resumed = train(
        _recipe(tmp_path / "part", "llama", "train.steps=4", "train.resume=auto"),
        model=model,
        tokenizer=tokenizer,
        adversarial=pair_records(),
        retain=retain_records(),
    )
    assert [h["step"] for h in resumed.history] == [2, 3, 4]
    full_state = {n: p for n, p in full.model.named_parameters() if p.requires_grad}
    for n, p in resumed.model.named_parameters():
        if p.requires_grad:
            torch.testing.assert_close(p, full_state[n], rtol=0, atol=0)
    for a, b in zip(full.history[1:], resumed.history):
        assert a["def_loss"] == b["def_loss"]
    # metrics.jsonl holds each step once: the resumed run cut what came after its checkpoint
    rows = [json.loads(x) for x in (tmp_path / "part" / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [1, 2, 3, 4]


def test_outputs_adapter_metrics_config_and_merged_model(tokenizer, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    trainer = _run(tmp_path, "llama", "train.merge=true", tokenizer=tokenizer)
    assert (tmp_path / "adapter" / "adapter_model.safetensors").is_file()
    assert (tmp_path / "config.yaml").is_file() and (tmp_path / "adapter" / "lat_config.yaml").is_file()
    rows = [json.loads(x) for x in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert len(rows) == 2
    for key in ("def_loss", "sft", "attack_loss_first", "attack_loss_last", "resid_norm/layer.1", "delta_norm/layer.1"):
        assert key in rows[0], key
    base = make_tiny_model("llama", vocab_size=len(tokenizer))
    loaded = PeftModel.from_pretrained(base, tmp_path / "adapter")
    merged = AutoModelForCausalLM.from_pretrained(tmp_path / "merged")
    ids = tokenizer("Tell me a story", return_tensors="pt")
    with torch.no_grad():
        torch.testing.assert_close(loaded(**ids).logits, merged(**ids).logits, rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(trainer.model(**ids).logits, merged(**ids).logits, rtol=1e-4, atol=1e-4)


def test_baseline_without_attack_and_dpo_and_kl_and_full_finetuning(tokenizer, tmp_path):
    rt = _run(tmp_path / "rt", "llama", "attack.enabled=false", tokenizer=tokenizer)
    assert "attack_loss_first" not in rt.history[0]
    dpo = _run(
        tmp_path / "dpo",
        "llama",
        "defense.objective=dpo",
        "attack.objective=dpo",
        "defense.kl=0.1",
        tokenizer=tokenizer,
    )
    assert "def_dpo" in dpo.history[0] and "kl" in dpo.history[0]
    full = _run(tmp_path / "full", "llama", "lora.enabled=false", "lora.train_layers=[2,3]", tokenizer=tokenizer)
    trainable = [n for n, p in full.model.named_parameters() if p.requires_grad]
    assert trainable and all(".layers.2." in n or ".layers.3." in n for n in trainable)
    assert (tmp_path / "full" / "model" / "model.safetensors").is_file()


def test_bad_recipe_values_are_clear_errors(tokenizer, tmp_path):
    from lat.errors import LatError

    with pytest.raises(LatError, match="out of range"):
        _run(tmp_path, "llama", "attack.layers=[7]", tokenizer=tokenizer)
    with pytest.raises(LatError, match="match no linear layer"):
        _run(tmp_path, "llama", "lora.target_modules=[c_attn]", tokenizer=tokenizer)
    with pytest.raises(LatError, match="reference"):
        load_recipe(None, ["defense.kl=0.1", "lora.enabled=false"])


def test_the_free_schedule_steps_delta_from_every_defense_forward_toward_the_attackers_goal(
    tokenizer, tmp_path, monkeypatch
):
    """attack.schedule=free: each defender update's forward also gives δ one step on the *attacker's* loss (with
    the model all but frozen, that loss falls step after step), δ stays in its ε-ball, and every micro-batch's δ
    moves in every defense update."""
    from lat.attack import free as free_module

    attackers = []
    original = free_module.FreeAttacker.__init__

    def spy(self, attack, settings):
        original(self, attack, settings)
        attackers.append(self)

    monkeypatch.setattr(free_module.FreeAttacker, "__init__", spy)
    extra = ["attack.schedule=free", "attack.steps=0", "attack.lr=0.1", "defense.steps_per_attack=4"]
    trainer = _run(tmp_path, "llama", *extra, "train.steps=1", "train.lr=1e-9", tokenizer=tokenizer)
    assert len(attackers) == 2  # one per micro-batch (grad_accum 2)
    for fa in attackers:
        assert len(fa.losses) == 4  # one attacker update per defense update
        assert fa.losses[-1] < fa.losses[0]  # toward the attacker's goal, not the defender's
        for adv in fa.attack.adversaries.values():
            assert float(adv.delta.abs().max()) > 0
            assert float(adv.token_norms().max()) <= 1.0 + 1e-4  # attack.epsilon=1.0
    assert "attack_free_loss_last" in trainer.history[-1]


def test_the_free_schedule_needs_a_defense_that_reads_logits(tokenizer, tmp_path):
    from lat.errors import LatError

    with pytest.raises(LatError, match="attack.schedule.*did you mean .free"):
        _recipe(tmp_path, "llama", "attack.schedule=fre")
    with pytest.raises(LatError, match="schedule=free.*rmu"):
        _run(
            tmp_path,
            "llama",
            "attack.schedule=free",
            "defense.objective=rmu",
            "defense.rmu_layer=1",
            tokenizer=tokenizer,
        )


@pytest.mark.parametrize("layers", ["[embedding,1,2]", "[1,2]"])
def test_gradient_checkpointing_gives_the_same_step_and_really_recomputes(tokenizer, tmp_path, layers, monkeypatch):
    """model.gradient_checkpointing: the same attack losses and LoRA update as without it (to float tolerance), and
    the last block's MLP runs again in the backward passes of both the attack and the defense (it is really on).
    A checkpointed block writes no KV cache, so the attack does not share the prompt then (the run without
    checkpointing is made not to either, so that both compute the same forward passes)."""
    import dataclasses

    from lat.attack.pgd import shares_prompt
    from lat.hooks.layers import get_decoder_layers

    runs = {}
    for on in (False, True):
        recipe = _recipe(
            tmp_path / str(on),
            "llama",
            "train.steps=1",
            f"attack.layers={layers}",
            f"model.gradient_checkpointing={str(on).lower()}",
        )
        trainer = _set_up(recipe, tokenizer)
        assert trainer.pgd.checkpoint is on
        assert not shares_prompt(trainer.pgd, ("chosen", "rejected"), trainer.base, 32) if on else True
        trainer.pgd = dataclasses.replace(trainer.pgd, share_prompt=False)
        calls = []
        mlp = type(get_decoder_layers(trainer.base)[-1].mlp)
        forward = mlp.forward  # counted on the class: module hooks do not fire in a checkpoint's recompute

        def counted(self, *args, forward=forward, calls=calls, **kwargs):
            calls.append(1)
            return forward(self, *args, **kwargs)

        monkeypatch.setattr(mlp, "forward", counted)
        pairs, _ = trainer._micro(0)[0]
        trainer.attack(pairs)
        attack_calls = len(calls)
        logs = trainer.train_step(0)
        lora = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
        runs[on] = (attack_calls, len(calls) - attack_calls, logs, lora)
        monkeypatch.undo()
    (a_off, s_off, logs_off, lora_off), (a_on, s_on, logs_on, lora_on) = runs[False], runs[True]
    assert a_on > a_off and s_on > s_off  # recomputed in the attack's and in the step's backward passes
    for key in ("adv_loss", "def_loss"):
        if key in logs_off:
            assert logs_on[key] == pytest.approx(logs_off[key], rel=1e-4, abs=1e-6), key
    assert lora_on.keys() == lora_off.keys()
    for n in lora_off:
        torch.testing.assert_close(lora_on[n], lora_off[n], rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("objective", ["targeted", "dpo", "baseline"])
def test_the_defense_on_a_shared_prompt_gives_the_step_of_the_plain_defense(
    tokenizer, tmp_path, objective, monkeypatch
):
    """Under δ on prompt positions the defense computes the prompt once for both completions (as the attack does):
    the same losses and the same LoRA update as with whole sequences (to float tolerance), and the shared forward is
    really the one taken. Toward/away (jailbreaks), DPO (backdoors), and the baseline without δ (RT)."""
    from lat.training import trainer as trainer_module

    extra = {"dpo": ["defense.objective=dpo", "attack.objective=dpo"], "baseline": ["attack.enabled=false"]}
    extra = extra.get(objective, [])
    runs = {}
    for share in (True, False):
        trainer = _set_up(_recipe(tmp_path / str(share), "llama", "train.steps=1", *extra), tokenizer)
        trainer.pgd = dataclasses.replace(trainer.pgd, share_prompt=share)  # the attack's and the defense's
        calls = []

        def counted(*args, calls=calls, shared=trainer_module.shared_prompt_logits, **kwargs):
            calls.append(1)
            return shared(*args, **kwargs)

        monkeypatch.setattr(trainer_module, "shared_prompt_logits", counted)
        logs = trainer.train_step(0)
        monkeypatch.undo()
        micro, updates = 2, 2  # train.grad_accum, defense.steps_per_attack
        assert len(calls) == (micro * updates if share else 0)
        runs[share] = (logs, {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad})
    (logs_on, lora_on), (logs_off, lora_off) = runs[True], runs[False]
    for key in ("def_loss", "def_toward", "def_away", "def_dpo", "attack_loss_first", "attack_loss_last"):
        if key in logs_off:
            assert logs_on[key] == pytest.approx(logs_off[key], rel=1e-4, abs=1e-6), key
    for n in lora_off:
        torch.testing.assert_close(lora_on[n], lora_off[n], rtol=1e-4, atol=1e-6)


def test_the_attack_on_merged_lora_finds_the_same_delta_and_leaves_every_weight_as_it_was(tokenizer, tmp_path):
    """attack.merge_lora (PGDSettings.merge_lora): PGD on W + s·BA copies gives the same attack losses and δ as on the unmerged adapter (to
    float tolerance); the merge is really on inside (adapters bypassed, weights differ) and every base weight is the
    same object, bit for bit, afterwards — nothing merged and unmerged in place."""
    from peft.tuners.lora.layer import Linear as LoraLinear

    from lat.models.modes import merged_lora

    recipe = _recipe(tmp_path, "llama", "train.steps=2", "attack.merge_lora=false", "attack.layers=[1,2]")
    trainer = _set_up(recipe, tokenizer)
    assert trainer.pgd.merge_lora is False
    trainer.train_step(0)  # B ≠ 0: the adapter now changes the forward
    lora = [m for m in trainer.base.modules() if isinstance(m, LoraLinear)]
    before = [(m.base_layer.weight, m.base_layer.weight.detach().clone()) for m in lora]
    pairs, _ = trainer._micro(1)[0]
    plain = trainer.attack(pairs)
    with merged_lora(trainer.base) as n:
        assert n == len(lora) and all(m.disable_adapters for m in lora)
        assert not any(torch.equal(m.base_layer.weight, w) for m, (_, w) in zip(lora, before))
    trainer.pgd = dataclasses.replace(trainer.pgd, merge_lora=True)
    merged = trainer.attack(pairs)
    assert merged.losses == pytest.approx(plain.losses, rel=1e-4, abs=1e-6)
    for name, adv in plain.adversaries.items():
        torch.testing.assert_close(merged.adversaries[name].delta, adv.delta, rtol=1e-3, atol=1e-5)
    for m, (obj, value) in zip(lora, before):
        assert m.base_layer.weight is obj and torch.equal(obj, value) and not m.disable_adapters
    assert _set_up(_recipe(tmp_path / "d", "llama"), tokenizer).pgd.merge_lora is True  # null = on the CPU


def test_spare_helpful_keeps_delta_off_the_helpful_pairs_in_the_attack_and_the_defense(tokenizer, tmp_path):
    """attack.spare_helpful: pairs marked helpful (benign prompt, chosen = the answer) see no δ — their logits under
    the installed attack equal the clean ones, on whole sequences and on the shared prompt — while the other rows
    are perturbed; a micro-batch of helpful pairs only is not attacked; without helpful pairs the option is an error."""
    from lat.errors import LatError
    from lat.objectives.forward import ROWS, pair_logits, shared_prompt_logits, split_pairs

    records = [dict(r, helpful=bool(i % 2)) for i, r in enumerate(pair_records())]
    recipe = _recipe(tmp_path / "a", "llama", "train.steps=1", "attack.spare_helpful=true", "attack.epsilon=5.0")
    trainer = LATTrainer(
        recipe,
        model=make_tiny_model("llama", vocab_size=len(tokenizer)),
        tokenizer=tokenizer,
        adversarial=records,
        retain=retain_records(),
    ).setup()
    pairs, _ = trainer._micro(0)[0]
    helpful = pairs["helpful"].bool()
    assert helpful.any() and (~helpful).any()
    assert torch.equal(pairs["attack_rows"], 1 - pairs["helpful"])
    attack = trainer.attack(pairs)
    b = helpful.shape[0]
    with torch.no_grad():
        clean = pair_logits(trainer.base, pairs, ROWS)
        with attack.perturb(ROWS):
            whole = pair_logits(trainer.base, pairs, ROWS)
        split = split_pairs(pairs, ROWS)
        shared = shared_prompt_logits(trainer.base, split, ROWS, lambda: attack.perturb_prompt(split["prompt_mask"]))
    for r in ROWS:
        torch.testing.assert_close(whole[f"{r}_logits"][helpful], clean[f"{r}_logits"][helpful])
        assert not torch.allclose(whole[f"{r}_logits"][~helpful], clean[f"{r}_logits"][~helpful], atol=1e-3)
        for i in range(b):  # the shared forward's span starts at each row's own prompt end
            n = int((shared[f"{r}_targets"][i] != -100).sum())
            got = shared[f"{r}_logits"][i, :n]
            ref = clean[f"{r}_logits"][i][clean[f"{r}_targets"][i] != -100]
            if helpful[i]:
                torch.testing.assert_close(got, ref, rtol=1e-4, atol=1e-4)
            else:
                assert not torch.allclose(got, ref, atol=1e-3)

    only_helpful = [dict(r, helpful=True) for r in pair_records()]
    recipe = _recipe(tmp_path / "b", "llama", "train.steps=1", "attack.spare_helpful=true")
    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    run = train(recipe, model=model, tokenizer=tokenizer, adversarial=only_helpful, retain=retain_records())
    assert "attack_loss_first" not in run.history[0]  # nothing to attack: the defense ran on the clean model

    recipe = _recipe(tmp_path / "c", "llama", "train.steps=1", "attack.spare_helpful=true")
    with pytest.raises(LatError, match="spare_helpful"):
        _set_up(recipe, tokenizer)


@pytest.mark.filterwarnings("ignore:Detected call of")  # optimizer.step is recorded, not run
def test_the_clean_defense_term_adds_the_gradient_of_the_defense_without_delta(tokenizer, tmp_path, monkeypatch):
    """defense.clean = c: the defender's gradient is that of its loss under δ plus c × that of the same loss on the
    same pairs without δ (the RT baseline's), on the same micro-batches; logged as def_clean. Without an attack there
    is nothing to add it to: a clear error."""
    base = ["train.steps=1", "defense.steps_per_attack=1", "defense.sft=0", "train.grad_clip=0"]

    def gradients(name, *extra):
        trainer = _set_up(_recipe(tmp_path / name, "llama", *base, *extra), tokenizer)
        seen = {}

        def record(*_args, **_kwargs):
            seen.update({n: p.grad.detach().clone() for n, p in trainer.model.named_parameters() if p.grad is not None})

        monkeypatch.setattr(trainer.optimizer, "step", record)
        logs = trainer.train_step(0)
        monkeypatch.undo()
        return logs, seen

    logs_mixed, mixed = gradients("mixed", "defense.clean=0.5")
    logs_adv, adversarial = gradients("adversarial")
    logs_clean, clean = gradients("clean", "attack.enabled=false")
    assert mixed and set(mixed) == set(adversarial) == set(clean)
    assert logs_mixed["def_clean"] == pytest.approx(logs_clean["def_loss"], rel=1e-4)
    assert logs_mixed["def_loss"] == pytest.approx(logs_adv["def_loss"], rel=1e-4)
    assert "def_clean" not in logs_adv
    for n in mixed:
        torch.testing.assert_close(mixed[n], adversarial[n] + 0.5 * clean[n], rtol=1e-4, atol=1e-6)
    assert any(float(g.abs().max()) > 0 for g in clean.values())  # the clean term is not vacuous
    with pytest.raises(LatError, match="defense.clean=0.5 adds the defense loss without δ"):
        _recipe(tmp_path / "bad", "llama", "defense.clean=0.5", "attack.enabled=false")


def test_a_training_step_reads_back_to_the_host_the_same_number_of_times_for_any_attack_length(
    tokenizer, tmp_path, monkeypatch
):
    # the attack's K steps and the defense's micro-batches keep their losses on the device; each defender update
    # reads its logs back once (issue 13: "host syncs in every PGD step")
    from tiny import HostReads

    counts = {}
    for steps in (2, 6):
        trainer = _set_up(_recipe(tmp_path / str(steps), "llama", f"attack.steps={steps}", "defense.kl=0.5"), tokenizer)
        reads = HostReads(monkeypatch)
        record = trainer.train_step(0)
        counts[steps] = reads.count
        monkeypatch.undo()
        assert all(isinstance(v, float) for k, v in record.items() if k != "step"), record
    assert counts[6] == counts[2], counts


@pytest.mark.parametrize("objective", ["dpo", "npo"])
def test_a_reference_under_attack_measures_only_what_the_defender_changed(tokenizer, tmp_path, objective, monkeypatch):
    """defense.reference_under_attack: at the first update the adapter is fresh (the model *is* the reference), so
    under the reference scored with the same δ the DPO margin / NPO log-ratio is 0 — DPO's loss log 2, NPO's
    (2/β)·log 2 — while against the δ-free reference (the paper's) the adversary's push shows in the loss."""
    import math

    beta = 0.3 if objective == "dpo" else 0.1
    extra = {
        "dpo": ["defense.objective=dpo", "attack.objective=dpo"],
        "npo": ["defense.objective=grad_diff", "defense.forget_loss=npo", "defense.beta=0.1", "defense.away=1"],
    }[objective]
    key, at_reference = ("def_dpo", math.log(2)) if objective == "dpo" else ("def_forget", 2 / beta * math.log(2))
    import lat.training.trainer as trainer_module

    calls = []
    real = trainer_module.reference_logprobs
    monkeypatch.setattr(trainer_module, "reference_logprobs", lambda *a, **k: calls.append(1) or real(*a, **k))
    losses, n_refs = {}, {}
    for on in (True, False):
        calls.clear()
        recipe = _recipe(
            tmp_path / str(on),
            "llama",
            "train.steps=1",
            "train.grad_accum=1",
            "defense.steps_per_attack=1",
            "attack.epsilon=3.0",
            f"defense.reference_under_attack={str(on).lower()}",
            *extra,
        )
        trainer = _set_up(recipe, tokenizer)
        calls.clear()
        losses[on] = trainer.train_step(0)[key]
        n_refs[on] = len(calls)
    assert losses[True] == pytest.approx(at_reference, rel=1e-4)
    assert abs(losses[False] - at_reference) > 1e-2 * at_reference
    # Reference forwards per micro-batch: the δ-free one only where something reads it (DPO's attacker does; NPO's
    # attacker does not, so with the option its defense's reference under δ is the only one).
    assert n_refs == ({True: 2, False: 1} if objective == "dpo" else {True: 1, False: 1})


def test_a_reference_under_attack_needs_an_attack_and_a_reference(tokenizer, tmp_path):
    with pytest.raises(LatError, match="no δ"):
        _recipe(tmp_path, "llama", "attack.enabled=false", "defense.reference_under_attack=true")
    dpo = ["defense.objective=dpo", "attack.objective=dpo", "defense.reference_under_attack=true"]
    with pytest.raises(LatError, match="schedule=pgd"):
        _set_up(_recipe(tmp_path, "llama", *dpo, "attack.schedule=free"), tokenizer)
    with pytest.raises(LatError, match="uses none"):
        _set_up(_recipe(tmp_path, "llama", "defense.reference_under_attack=true"), tokenizer)
