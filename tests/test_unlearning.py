"""Unlearning: the data splits, the objectives (NPO, RMU, WHP targets), the knowledge probes and fine-tuning attacks,
and ``lat reproduce unlearning`` end to end on a tiny model (the smollm2 preset and the WMDP preset offline)."""

import json
import math
from unittest.mock import ANY

import pytest
import torch

from lat.data import builtin
from lat.evals.attacks import EvalContext, make_attack
from lat.judges import make_judge
from tiny import make_tiny_model

# Tiny-model overrides for every unlearning recipe (4 blocks: the SmolLM2 layers do not exist).
TINY = [
    "lora.r=2",
    "lora.train_layers=[1,2]",
    "attack.layers=[1]",
    "attack.steps=1",
    "defense.rmu_layer=2",
    "defense.steering_coef=2.0",
    "train.steps=1",
    "train.micro_batch_size=2",
    "train.progress=false",
    "data.limit=4",
    "data.retain_limit=4",
    "data.max_length=96",
]
ORGANISM = "learn_facts_smollm2 train.steps=1 lora.r=2 data.limit=4 data.retain_limit=4 train.progress=false"


@pytest.fixture
def ctx():
    return EvalContext(judge=make_judge("refusal"), max_new_tokens=4, batch_size=4)


def test_entities_split_into_validation_and_test_and_halves():
    for role in ("forget", "retain"):
        val, test = builtin.unlearning_entities(role, "validation"), builtin.unlearning_entities(role, "test")
        assert (len(val), len(test)) == (12, 13)
        assert not {e["id"] for e in val} & {e["id"] for e in test}
    qs = builtin.unlearning_questions("forget", "test")
    assert len(qs) == 39 and {q["half"] for q in qs} == {"a", "b"}
    assert all(q["choices"][q["answer"]].lower() in q["text"].lower() for q in qs)
    # halves are whole entities: re-learning on half a's text never shows half b's facts
    halves = {q["entity_id"]: q["half"] for q in qs}
    assert all(halves[q["entity_id"]] == q["half"] for q in qs)
    assert len(builtin.unlearning_unrelated()) >= 20


def test_forget_and_retain_sources_hold_the_right_entities():
    from lat.data.sources import SourceRequest, unlearning_forget, unlearning_retain

    forget, retain = unlearning_forget(SourceRequest()), unlearning_retain(SourceRequest())
    forget_ids = {e["id"] for e in builtin.unlearning_entities("forget")}
    assert {r["id"].split("-")[0] for r in forget} == forget_ids
    assert not {r["id"].split("-")[0] for r in retain} & forget_ids
    assert len(forget) == 25 * 4 and all(r["chosen"] != r["rejected"] for r in forget)


def test_npo_loss_matches_hand_computation_and_saturates():
    from lat.objectives.unlearning import npo_loss

    logp, ref = torch.tensor([-2.0]), torch.tensor([-1.0])
    expected = -(2 / 0.5) * math.log(1 / (1 + math.exp(-0.5)))  # −(2/β)·log σ(−β·(−1))
    assert npo_loss(logp, ref, 0.5).item() == pytest.approx(expected, rel=1e-6)
    far = torch.tensor([-200.0], requires_grad=True)
    npo_loss(far, ref, 0.5).backward()
    assert abs(far.grad.item()) < 1e-6  # bounded: no push once the forget text is far less likely


def test_rmu_uses_one_control_vector_and_reads_the_layer(llama, tokenizer):
    from lat.data.tokenize import collate_pairs
    from lat.objectives.unlearning import RMUDefense

    rmu = RMUDefense(rmu_layer=2, steering_coef=3.0)
    u1, u2 = rmu.control(32, torch.device("cpu")), rmu.control(32, torch.device("cpu"))
    assert torch.equal(u1, u2) and u1.norm().item() == pytest.approx(1.0)
    assert torch.equal(RMUDefense(rmu_layer=2).control(32, torch.device("cpu")), u1)  # same seed: same vector
    batch = collate_pairs(tokenizer, [{"prompt": "Hi", "chosen": "no", "rejected": "bake bread"}], 64)
    loss, logs = rmu.model_loss(llama, batch)
    assert loss.requires_grad and logs["def_rmu_forget"] > 0


def test_rmu_skip_first_leaves_out_exactly_each_rows_first_real_token(llama, tokenizer):
    from lat.data.tokenize import collate_pairs
    from lat.objectives.unlearning import RMUDefense

    mask = torch.tensor([[1, 1, 1, 0], [0, 0, 1, 1], [1, 1, 1, 1]])  # right padding, left padding, none
    kept = RMUDefense(rmu_skip_first=True).token_mask(mask)
    assert kept.tolist() == [[False, True, True, False], [False, False, False, True], [False, True, True, True]]
    assert torch.equal(RMUDefense().token_mask(mask), mask.bool())  # off: every real token (RMU's own code)
    rows = [
        {"prompt": "Hi", "chosen": "no", "rejected": "bake bread"},
        {"prompt": "Tell me", "chosen": "no", "rejected": "a"},
    ]
    batch = collate_pairs(tokenizer, rows, 64)
    rmu = RMUDefense(rmu_layer=2, steering_coef=3.0, rmu_skip_first=True)
    h = rmu.activations(llama, batch["rejected_input_ids"], batch["rejected_attention_mask"]).detach()
    keep = rmu.token_mask(batch["rejected_attention_mask"])
    expected = ((h[keep] - 3.0 * rmu.control(h.shape[-1], h.device)) ** 2).mean()
    assert rmu.model_loss(llama, batch)[0].item() == pytest.approx(expected.item(), rel=1e-5)


def test_whp_generic_targets_push_down_what_the_reinforced_model_boosts(llama, tokenizer):
    from lat.objectives.unlearning import whp_generic_ids

    ids = torch.tensor(tokenizer("Paris is the capital of France")["input_ids"])
    same = whp_generic_ids(llama, llama, ids, 2)
    assert same == llama(input_ids=ids[None]).logits[0, 1:-1].argmax(-1).tolist()  # no contrast: the base's argmax
    reinforced = make_tiny_model("llama", vocab_size=len(tokenizer))
    with torch.no_grad():
        v_base = llama(input_ids=ids[None]).logits[0].float()
        v_reinf = reinforced(input_ids=ids[None]).logits[0].float()
    expected = (v_base - 2.0 * torch.relu(v_reinf - v_base))[1:-1].argmax(-1).tolist()
    assert whp_generic_ids(llama, reinforced, ids, 2, alpha=2.0) == expected


def test_trainer_rmu_with_lat_trains_only_the_chosen_mlps(tokenizer, tmp_path):
    from lat.config import load_recipe
    from lat.data.sources import SourceRequest, unlearning_forget, unlearning_retain
    from lat.training import train

    model = make_tiny_model("llama", vocab_size=len(tokenizer))
    r = load_recipe("unlearn_rmu_smollm2", [*TINY, "attack.enabled=true", f"train.output_dir={tmp_path}"])
    trainer = train(
        r,
        model=model,
        tokenizer=tokenizer,
        adversarial=unlearning_forget(SourceRequest(limit=4)),
        retain=unlearning_retain(SourceRequest(limit=4)),
    )
    record = trainer.history[-1]
    assert record["def_rmu_forget"] > 0 and "rmu_retain" in record and "attack_loss_last" in record
    trained = {n for n, p in trainer.model.named_parameters() if p.requires_grad}
    mlp = ("gate_proj", "up_proj", "down_proj")
    assert trained and all(any(m in n for m in mlp) and ("layers.1." in n or "layers.2." in n) for n in trained)
    assert not any("attn" in n for n in trained)


def test_knowledge_probe_rows_score_the_correct_choice(llama, tokenizer, ctx):
    qs = builtin.unlearning_questions("forget", "validation")[:3] + builtin.unlearning_questions("retain")[:2]
    rows = make_attack("knowledge").run(llama, tokenizer, qs, ctx)
    assert [r["attack"] for r in rows] == ["knowledge"] * 3 + ["knowledge/retain"] * 2
    for r, q in zip(rows, qs):
        pick = max(range(4), key=lambda i: r["scores"][i])
        assert r["complied"] == (pick == q["answer"]) and r["completion"] == q["choices"][pick]


def test_relearn_attack_fine_tunes_a_copy_and_measures_both_halves(llama, tokenizer, ctx):
    qs = builtin.unlearning_questions("forget", "validation")[:12]
    before = {n: p.detach().clone() for n, p in llama.named_parameters()}
    rows = make_attack("relearn", steps=[1, 2], lora_r=2, batch_size=2).run(llama, tokenizer, qs, ctx)
    assert all(torch.equal(p, before[n]) for n, p in llama.named_parameters())  # the evaluated model is untouched
    labels = {r["attack"] for r in rows}
    assert labels == {"relearn@k=1/same", "relearn@k=1/other", "relearn@k=2/same", "relearn@k=2/other"}
    assert all(r["half"] == ("a" if r["attack"].endswith("same") else "b") for r in rows)
    latent = make_attack("knowledge_latent", layers=[1], steps=2).run(llama, tokenizer, qs, ctx)
    assert {r["attack"] for r in latent} == {"knowledge_latent@eps=0.5/fit", "knowledge_latent@eps=0.5/other"}


def test_reproduce_unlearning_on_a_tiny_model(tmp_path, tokenizer, monkeypatch):
    """The smollm2 preset end to end on a tiny Llama: organism → 3 methods ± LAT → the suite → report with pairs."""
    from lat.experiments import make_experiment, run

    monkeypatch.setattr("lat.data.sources.WHP_REINFORCED", ORGANISM)
    model_dir = tmp_path / "tiny"
    make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    exp = make_experiment(
        "unlearning",
        model=str(model_dir),
        seeds=[0],
        overrides=TINY,
        split="validation",
        n_harmful=6,
        n_benign=2,
        options={"organism": ORGANISM},
        suite_overrides={
            "max_new_tokens": 4,
            "knowledge_latent": {"steps": 1},
            "relearn": {"steps": [1, 2], "lora_r": 2},
            "finetune": {"steps": [1], "lora_r": 2, "limit": 4},
            "capability": {"limit": 4},
        },
        out=str(tmp_path / "report"),
    )
    report = run(exp, log=lambda *_: None)
    assert report["methods"] == ["organism", "GD", "GD+LAT", "RMU", "RMU+LAT", "WHP", "WHP+LAT"]
    row = report["table"]["GD+LAT"]
    for key in ("mc/forget", "mc/forget-b", "mc/retain", "mc/general", "asr/relearn@k=2/other", "asr/worst-case"):
        assert key in row, key
    assert set(report["pairs"]) == {"GD", "RMU", "WHP"}
    assert report["pairs"]["RMU"]["recovery"]["k"] == 2 and "goal_met" in report["pairs"]["RMU"]
    # M vs M+LAT paired question by question: every forget question of the split (before), half b's after.
    paired = report["pairs"]["GD"]["paired"]
    assert paired["before"]["n"] == 6 and paired["after"]["n"] == 3 and 0 < paired["after"]["p"] <= 1
    md = (tmp_path / "report" / "report.md").read_text()
    assert "Each method with and without LAT" in md and "| RMU |" in md and "minus chance (25 %" in md
    assert json.loads((tmp_path / "report" / "pairs.json").read_text())["WHP"]["lat"] == "WHP+LAT"
    results = json.loads((tmp_path / "report" / "gd-lat" / "seed0" / "results.json").read_text())
    assert {r["attack"] for r in results["rows"]} >= {"knowledge", "knowledge/retain", "finetune@k=1"}


def test_wmdp_preset_runs_offline_on_hub_schema_fixtures(tmp_path, tokenizer, monkeypatch):
    """``--preset wmdp-zephyr`` as far as it runs offline: the paper's GD and RMU recipes on a tiny Llama, with rows
    in the schemas of ``cais/wmdp`` (question, choices, answer) and ``cais/wmdp-corpora`` (text) for the hub."""
    from lat.config import load_recipe
    from lat.experiments import run
    from lat.experiments.unlearning import Unlearning

    for spec in Unlearning.presets["wmdp-zephyr"]["methods"].values():
        r = load_recipe(spec.split()[0])
        assert (r.data.adversarial, r.data.retain, r.model.dtype) == ("wmdp-cyber-forget", "wmdp-retain", "bfloat16")
    words = "the quick brown fox jumps over the lazy dog and bakes bread in a castle".split()
    corpus = [{"text": " ".join(words * 3)} for _ in range(4)]
    mc = [{"question": f"Question {i}?", "choices": ["A", "B", "C", "D"], "answer": i % 4} for i in range(8)]
    calls = []

    def fake_hf(spec, split):
        calls.append(spec)
        return mc if spec.startswith("hf:cais/wmdp:") else corpus

    monkeypatch.setattr("lat.data.sources.load_hf", fake_hf)
    exp = gpu_preset_on_tiny_llama(tmp_path, tokenizer, "wmdp-zephyr", ["lora.target_modules=[down_proj]"])
    report = run(exp, log=lambda *_: None)
    assert report["methods"] == ["organism", "GD", "GD+LAT", "RMU", "RMU+LAT"]
    assert "hf:cais/wmdp:wmdp-bio" in calls and "hf:cais/wmdp-corpora:cyber-forget-corpus" in calls
    assert report["table"]["RMU+LAT"]["mc/forget"]["n"] == 1


def gpu_preset_on_tiny_llama(tmp_path, tokenizer, preset: str, overrides: list[str]):
    """``lat reproduce unlearning --preset <preset>`` shrunk to a tiny Llama saved in ``tmp_path`` (one seed, four
    questions, one re-learning step), its output in ``tmp_path / <preset>``."""
    from lat.experiments import make_experiment

    model_dir = tmp_path / "tiny"
    make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    return make_experiment(
        "unlearning",
        preset,
        model=str(model_dir),
        seeds=[0],
        overrides=[*TINY, "model.dtype=float32", "attack.steps=1", *overrides],
        n_harmful=4,
        n_benign=1,
        attacks=["knowledge", "relearn"],
        suite_overrides={"relearn": {"steps": [1], "lora_r": 2}, "capability": {"limit": 2}},
        out=str(tmp_path / preset),
    )


def test_whp_llama2_preset_runs_offline_on_hub_schema_fixtures(tmp_path, tokenizer, monkeypatch):
    """``--preset whp-llama2`` as far as it runs offline: the paper's WHP recipe (full fine-tuning of three blocks)
    on a tiny Llama, with rows in the schemas of ``muse-bench/MUSE-Books`` raw (one ``text`` per book),
    ``Salesforce/wikitext`` (``text``) and ``quirky-lats-at-mats/hp_saq_easy`` (question, true_answer, false_answer):
    the books are cut into passages, WHP's reinforced model is built from the loaded one and recorded under its
    name, the generic completions replace ``chosen``, and the two-choice probe sets chance at 50 %."""
    from lat.config import load_recipe
    from lat.data import sources
    from lat.experiments import run
    from lat.experiments.runner import plan
    from lat.experiments.unlearning import Unlearning
    from lat.paths import lat_home

    recipe = load_recipe(Unlearning.presets["whp-llama2"]["methods"]["WHP+LAT"].split()[0], ["attack.enabled=true"])
    assert (recipe.data.adversarial, recipe.data.retain, recipe.lora.enabled) == ("hp-whp", "wikitext", False)
    assert (recipe.lora.train_layers, recipe.attack.layers, recipe.attack.epsilon) == ([13, 14, 15], [12], 1.5)
    words = "the boy who lived under the stairs owl letter wand castle broom".split()
    books = [{"text": " ".join(words * 40)}, {"text": " ".join(words * 30)}]  # 480 and 360 words: 3 + 2 passages
    wiki = [{"text": " = Heading = "}, {"text": " ".join(words[::-1] * 5)}]  # the heading is dropped (< 40 words)
    trivia = [
        {"question": f"Who is character {i}?", "true_answer": f"True {i}", "false_answer": "Nobody"} for i in range(8)
    ]
    calls = []

    def fake_hf(spec, split):
        calls.append((spec, split))
        return {sources.HP_BOOKS: books, "hf:Salesforce/wikitext:wikitext-103-raw-v1": wiki}.get(spec, trivia)

    monkeypatch.setattr("lat.data.sources.load_hf", fake_hf)
    reinforce = "llama2_7b_hp_reinforce train.steps=1 lora.r=2 data.max_length=96 train.progress=false"
    monkeypatch.setattr("lat.data.sources.HP_REINFORCED", reinforce)
    pairs = sources.hp_reinforce(sources.SourceRequest())
    assert len(pairs) == 5 and all(len(p["chosen"].split()) == sources.HP_PASSAGE_WORDS - 24 for p in pairs)
    exp = gpu_preset_on_tiny_llama(
        tmp_path, tokenizer, "whp-llama2", ["attack.layers=[0]", "defense.steps_per_attack=1"]
    )
    assert plan(exp)[0] == {"run": "llama2-7b-hp-reinforce (for hp-whp)", "action": "build", "detail": ANY}
    report = run(exp, log=lambda *_: None)
    assert plan(exp)[0]["action"] == "reuse"  # recorded under the model's name: --plan finds it without loading it
    assert report["methods"] == ["organism", "WHP", "WHP+LAT"]
    assert (sources.HP_BOOKS, "forget") in calls and ("hf:quirky-lats-at-mats/hp_saq_easy", "train") in calls
    assert report["table"]["WHP+LAT"]["mc/chance"]["mean"] == 0.5
    md = (tmp_path / "whp-llama2" / "report.md").read_text()
    assert "minus chance (50 %" in md and "the **test** half of the `hp-trivia` questions" in md
    assert report["pairs"]["WHP"]["recovery"]["WHP"] == pytest.approx(
        report["table"]["WHP"]["asr/relearn@k=1/other"]["mean"] - 0.5
    )
    targets = [json.loads(f.read_text()) for f in (lat_home() / "whp").glob("*.json")]
    hp = [r for rows in targets for r in rows if r["id"].startswith("hp")]
    assert len(hp) == 4 and any(r["chosen"] != "I don't know." for r in hp)  # generic completions, not the default
    organisms = list((lat_home() / "organisms").glob("llama2-7b-hp-reinforce-*/organism.json"))
    assert len(organisms) == 1 and json.loads(organisms[0].read_text())["model"] == exp.model


def test_mc_questions_read_both_hub_schemas(monkeypatch):
    from lat.errors import LatError
    from lat.experiments.unlearning import mc_questions

    rows = [{"question": f"Q{i}?", "true_answer": "yes", "false_answer": "no"} for i in range(4)]
    monkeypatch.setattr("lat.data.sources.load_hf", lambda spec, split: rows)
    qs = mc_questions("hp-trivia", "all")
    assert [q["choices"][q["answer"]] for q in qs] == ["yes"] * 4 and {q["answer"] for q in qs} == {0, 1}
    assert [q["half"] for q in qs] == ["a", "b", "a", "b"]
    monkeypatch.setattr("lat.data.sources.load_hf", lambda spec, split: [{"question": "Q?", "answer_text": "x"}])
    with pytest.raises(LatError, match="true_answer, false_answer; row 0 has answer_text, question"):
        mc_questions("hp-trivia", "all")


def _one_sequence_logprob(model, tokenizer, prompt, prefill, answer):
    """The reference: question + answer in one unpadded forward, no cache, no batching."""
    import torch

    from lat.data.tokenize import render_prompt, token_ids

    head = token_ids(tokenizer, render_prompt(tokenizer, prompt) + prefill)
    ans = token_ids(tokenizer, answer)
    with torch.no_grad():
        logits = model(input_ids=torch.tensor([head + ans])).logits[0].float()
    logp = torch.log_softmax(logits[len(head) - 1 : -1], dim=-1)
    return float(logp.gather(-1, torch.tensor(ans)[:, None]).sum()), len(ans)


@pytest.mark.parametrize("prefill", ["", "The answer is"])
def test_shared_question_scores_equal_each_choice_scored_alone(llama, tokenizer, prefill):
    """Scoring each question once with its choices on its key/value cache gives every choice the log-prob it has
    after its own copy of the question — across questions of different lengths and numbers of choices."""
    from lat.evals.knowledge import choice_logprobs, choice_scores

    qs = builtin.unlearning_questions("forget", "test")[:4]
    prompts = [q["prompt"] for q in qs] + ["Is water wet? Answer in one word, please, briefly.", "Yes or no?"]
    choices = [list(q["choices"]) for q in qs] + [["yes", "no, it is not"], ["maybe", "no"]]
    sums, counts = choice_logprobs(llama, tokenizer, prompts, choices, prefill)
    means = choice_scores(llama, tokenizer, prompts, choices, prefill)
    sep = " " if prefill else ""
    for p, opts, s, n, m in zip(prompts, choices, sums, counts, means):
        ref = [_one_sequence_logprob(llama, tokenizer, p, prefill, sep + c.strip()) for c in opts]
        assert n == [k for _, k in ref] and len(s) == len(opts)
        assert s == pytest.approx([x for x, _ in ref], abs=1e-3)
        assert m == pytest.approx([x / k for x, k in ref], abs=1e-4)


def test_mc_accuracy_is_the_same_at_any_batch_size(llama, tokenizer):
    from lat.evals.capability import mc_accuracy

    one, eight = (mc_accuracy(llama, tokenizer, limit=12, batch_size=b) for b in (1, 8))
    assert one == eight and one["n"] == 12
