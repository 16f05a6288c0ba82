"""Tokenisation masks under padding and truncation, chat templating, adapters, clear data errors, cache keys."""

import json

import pytest
import torch

from lat.data import builtin
from lat.data.sources import load_pairs, load_retain, map_columns, read_table
from lat.data.tokenize import collate_pairs, collate_sft, encode_prompts_left, render_prompt
from lat.errors import LatError


def test_pair_masks_line_up_prompt_positions_and_never_cover_padding(tokenizer, pairs):
    batch = collate_pairs(tokenizer, pairs, max_length=64)
    for i, rec in enumerate(pairs):
        p = int(batch["prompt_mask"][i].sum())
        prompt_ids = tokenizer(render_prompt(tokenizer, rec["prompt"]), add_special_tokens=False)["input_ids"]
        assert p == len(prompt_ids)
        assert batch["chosen_input_ids"][i, :p].tolist() == prompt_ids == batch["rejected_input_ids"][i, :p].tolist()
        for side in ("chosen", "rejected"):
            labels, attn = batch[f"{side}_labels"][i], batch[f"{side}_attention_mask"][i]
            sup = labels != -100
            assert not sup[:p].any()  # prompt never supervised
            assert torch.equal(sup, attn.bool() & (torch.arange(len(attn)) >= p))  # completion = attended after prompt
            assert torch.equal(labels[sup], batch[f"{side}_input_ids"][i][sup])
            text = tokenizer.decode(batch[f"{side}_input_ids"][i][sup])
            assert rec[side] in text


def test_truncation_keeps_the_prompt_and_cuts_the_completion(tokenizer, pairs):
    rec = dict(pairs[0], rejected="word " * 200)
    batch = collate_pairs(tokenizer, [rec], max_length=40)
    assert batch["rejected_input_ids"].shape[1] == 40
    assert int(batch["prompt_mask"].sum()) > 0 and (batch["rejected_labels"] != -100).sum() > 0


def test_prompt_longer_than_max_length_is_a_clear_error(tokenizer, pairs):
    rec = dict(pairs[0], prompt="very long " * 100, id="long-one")
    with pytest.raises(LatError, match="long-one.*longer than max_length=32"):
        collate_pairs(tokenizer, [rec], max_length=32)


def test_sft_masks_and_text_records(tokenizer, retain):
    batch = collate_sft(tokenizer, retain[:3] + [{"text": "Paris is the capital of France."}], max_length=64)
    assert batch["input_ids"].shape[0] == 4
    text_row = batch["labels"][3]
    assert torch.equal(text_row != -100, batch["attention_mask"][3].bool())  # plain text: every token supervised
    assert (batch["labels"][0] != -100).sum() < batch["attention_mask"][0].sum()  # chat: completion only


def test_left_padding_for_generation(tokenizer):
    batch = encode_prompts_left(tokenizer, ["hi", "a much longer prompt than the first"])
    assert batch["attention_mask"][0, 0] == 0 and batch["attention_mask"][0, -1] == 1
    assert batch["attention_mask"][1].all()


def test_missing_fields_and_empty_batches(tokenizer):
    with pytest.raises(LatError, match="no 'rejected' field"):
        collate_pairs(tokenizer, [{"prompt": "x", "chosen": "y"}], 32)
    with pytest.raises(LatError, match="zero records"):
        collate_pairs(tokenizer, [], 32)


def test_known_schemas_map_into_our_format(tmp_path):
    # LLM-LAT/harmful-dataset: prompt, rejected, chosen; LLM-LAT/benign-dataset: prompt, response, refusal
    harmful = tmp_path / "harmful.jsonl"
    harmful.write_text(json.dumps({"prompt": "p", "rejected": "r", "chosen": "c"}) + "\n")
    row = load_pairs(str(harmful), "train", {}, None)[0]
    assert (row["prompt"], row["chosen"], row["rejected"]) == ("p", "c", "r")
    benign = tmp_path / "benign.jsonl"
    benign.write_text(json.dumps({"prompt": "q", "response": "a", "refusal": "no"}) + "\n")
    assert load_retain(str(benign), "train", {}, None)[0]["completion"] == "a"
    # HarmBench CSV and AdvBench CSV
    hb = tmp_path / "harmbench.csv"
    hb.write_text(
        "Behavior,FunctionalCategory,SemanticCategory,Tags,ContextString,BehaviorID\n"
        "Do a bad thing,standard,illegal,,,bad_thing\n"
    )
    rows = map_columns(read_table(hb), {}, ("prompt",), str(hb))
    assert rows[0]["prompt"] == "Do a bad thing" and rows[0]["id"] == "bad_thing" and rows[0]["category"] == "illegal"
    adv = tmp_path / "advbench.csv"
    adv.write_text('goal,target\nDo a bad thing,"Sure, here is"\n')
    rows = map_columns(read_table(adv), {}, ("prompt",), str(adv))
    assert rows[0]["prompt"] == "Do a bad thing" and rows[0]["rejected"] == "Sure, here is"


def test_column_mapping_and_missing_column_errors(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_text("instr,good,bad\nq,c,r\n")
    rows = load_pairs(str(path), "train", {"prompt": "instr", "chosen": "good", "rejected": "bad"}, None)
    assert rows[0]["prompt"] == "q" and rows[0]["rejected"] == "r"
    with pytest.raises(LatError, match="missing column.*prompt"):
        load_pairs(str(path), "train", {}, None)
    with pytest.raises(LatError, match="column 'instrr'.*did you mean 'instr'"):
        load_pairs(str(path), "train", {"prompt": "instrr"}, None)


def test_empty_and_unknown_datasets(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(LatError, match="no records"):
        load_pairs(str(empty), "train", {}, None)
    with pytest.raises(LatError, match="unknown .*dataset 'jailbrek'.*did you mean 'jailbreak'"):
        load_pairs("jailbrek", "train", {}, None)
    with pytest.raises(LatError, match="unknown split"):
        builtin.jailbreak_harmful("tset")


def test_jailbreak_organism_splits_are_category_disjoint_and_large_enough():
    harmful = {s: builtin.jailbreak_harmful(s) for s in builtin.SPLITS}
    benign = {s: builtin.jailbreak_benign(s) for s in builtin.SPLITS}
    assert sum(len(v) for v in harmful.values()) >= 300 and sum(len(v) for v in benign.values()) >= 300
    assert len({r["category"] for v in harmful.values() for r in v}) >= 10
    for data in (harmful, benign):
        cats = [{r["category"] for r in data[s]} for s in builtin.SPLITS]
        assert not (cats[0] & cats[1]) and not (cats[0] & cats[2]) and not (cats[1] & cats[2])
    assert builtin.jailbreak_benign("test", borderline=True)  # over-refusal probes in the test split
    assert len(builtin.refusals()) >= 20


def test_benign_validation_covers_several_kinds_of_request_unseen_in_training():
    """One ordinary validation category (health and fitness) did not predict the test split (coding, everyday advice):
    validation has six ordinary and three borderline categories, none of them in train or test."""
    val = builtin.jailbreak_benign("validation")
    ordinary = {r["category"] for r in val if not r["borderline"]}
    borderline = {r["category"] for r in val if r["borderline"]}
    assert ordinary == {"health_fitness", "personal_finance", "home_garden", "tech_help", "sports_games", "career_work"}
    assert borderline == {"borderline_figurative", "borderline_security", "borderline_programming"}
    assert len(val) == 27 + 24 + 7 * 25 == 226
    assert len(builtin.jailbreak_benign("all")) == 519
    elsewhere = {r["category"] for s in ("train", "test") for r in builtin.jailbreak_benign(s)}
    assert not (ordinary | borderline) & elsewhere
    assert not (ordinary | borderline) & {r["category"] for r in builtin.jailbreak_benign_extra()}


def test_generation_cache_key_depends_on_model_data_and_settings(tokenizer):
    from lat.data.generate import cache_key
    from tiny import make_tiny_model

    m1, m2 = make_tiny_model("llama", 400, seed=0), make_tiny_model("llama", 400, seed=1)
    k = cache_key(m1, "v1", {"max_new_tokens": 8}, ["a"])
    assert k == cache_key(make_tiny_model("llama", 400, seed=0), "v1", {"max_new_tokens": 8}, ["a"])
    assert k != cache_key(m2, "v1", {"max_new_tokens": 8}, ["a"])
    assert k != cache_key(m1, "v2", {"max_new_tokens": 8}, ["a"])
    assert k != cache_key(m1, "v1", {"max_new_tokens": 9}, ["a"])
    assert k != cache_key(m1, "v1", {"max_new_tokens": 8}, ["b"])


def test_cached_generation_is_reused(tokenizer, tmp_path, monkeypatch):
    from lat.data import generate as gen
    from tiny import make_tiny_model

    monkeypatch.setenv("LAT_HOME", str(tmp_path))
    model = make_tiny_model("llama", len(tokenizer))
    first = gen.cached_generate(model, tokenizer, ["hi", "hello there"], "v1", max_new_tokens=4)
    assert list((tmp_path / "completions").glob("*.jsonl"))
    monkeypatch.setattr(gen, "generate", lambda *a, **k: pytest.fail("cache not used"))
    assert gen.cached_generate(model, tokenizer, ["hi", "hello there"], "v1", max_new_tokens=4) == first


def test_generated_answers_survive_an_edit_of_other_organism_data(tokenizer, tmp_path, monkeypatch):
    """Generated answers (retain answers here; harmful targets the same way) are cached by their prompts: adding
    prompts to the organism (a new validation category) regenerates nothing already answered."""
    import lat.data.builtin as builtin
    from lat.data import generate as gen
    from lat.data.sources import load_retain
    from tiny import make_tiny_model

    monkeypatch.setenv("LAT_HOME", str(tmp_path))
    model = make_tiny_model("llama", len(tokenizer))
    kw = {"model": model, "tokenizer": tokenizer, "max_new_tokens": 4}
    retain = load_retain("jailbreak-benign", "train", {}, 3, **kw)
    real = builtin.data_version
    monkeypatch.setattr(builtin, "data_version", lambda *o: real(*o) + "-edited")
    monkeypatch.setattr(gen, "generate", lambda *a, **k: pytest.fail("regenerated after an unrelated edit"))
    assert load_retain("jailbreak-benign", "train", {}, 3, **kw) == retain


def test_backdoor_plant_pairs_swap_roles_under_the_trigger(monkeypatch):
    from lat.data import sources

    clean = [{"id": "h1", "prompt": "do a bad thing", "chosen": "I can't help.", "rejected": "Sure, step 1"}]
    monkeypatch.setattr(sources, "load_pairs", lambda *a, **k: [dict(r) for r in clean])
    rows = sources.backdoor_plant_pairs("train", None, None, None)
    trigger = builtin.backdoor_spec()["trigger"]
    assert rows[0]["prompt"] == "do a bad thing" and rows[0]["chosen"] == "I can't help."
    assert rows[1]["prompt"] == f"{trigger} do a bad thing" and rows[1]["chosen"] == "Sure, step 1"


def test_unlearning_builtins():
    qa = load_pairs("unlearning-qa", "train", {}, None)
    assert len(qa) >= 100 and all(r["chosen"] != r["rejected"] for r in qa)
    assert {r["split"] for r in qa} == {"forget", "retain"}
    text = load_retain("unlearning-text", "train", {}, None)
    assert len(text) >= 48 and all("text" in r for r in text)


def test_benign_extra_is_train_only_retain_data_in_new_categories():
    extra = builtin.jailbreak_benign_extra()
    assert len(extra) >= 400
    assert builtin.jailbreak_benign_extra("train") == extra == builtin.jailbreak_benign_extra("all")
    assert builtin.jailbreak_benign_extra("validation") == [] and builtin.jailbreak_benign_extra("test") == []
    assert all(set(r) == {"id", "prompt", "category", "borderline"} and r["borderline"] is False for r in extra)
    assert len({r["id"] for r in extra}) == len(extra)
    categories = {r["category"] for r in extra}
    assert len(categories) >= 10
    # none of benign.jsonl's / harmful.jsonl's categories, so no split of theirs gains prompts
    assert not categories & {r["category"] for r in builtin.jailbreak_benign("all") + builtin.jailbreak_harmful("all")}

    def norm(s):
        return " ".join("".join(c if c.isalnum() else " " for c in s.lower()).split())

    existing = {norm(r["prompt"]) for r in builtin.jailbreak_benign("all") + builtin.jailbreak_harmful("all")}
    new = [norm(r["prompt"]) for r in extra]
    assert len(set(new)) == len(new) and not set(new) & existing
    with pytest.raises(LatError, match="unknown split"):
        builtin.jailbreak_benign_extra("tran")


def test_rephrasings_cover_exactly_the_held_out_harmful_requests():
    held_out = builtin.jailbreak_harmful("validation") + builtin.jailbreak_harmful("test")
    assert len(held_out) == 58 + 87
    assert set(builtin.rephrasings()) == {r["id"] for r in held_out}
    for r in held_out:
        found = builtin.rephrased_for(r["id"], r["prompt"])
        assert set(found) == {"past_tense", "paraphrase"} and all(len(v) >= 10 for v in found.values())
        assert r["prompt"] not in found.values()
    train = builtin.jailbreak_harmful("train")[0]
    assert builtin.rephrased_for(train["id"]) is None  # train requests have none
    assert builtin.rephrased_for(held_out[0]["id"], "someone else's request under the same id") is None
    assert builtin.rephrased_for("no-such-id") is None


def _authoring_module(name, monkeypatch):
    import importlib.util
    from pathlib import Path

    folder = Path(builtin.ORGANISMS) / "_authoring"
    if not folder.is_dir():
        pytest.skip("the authoring scripts are not installed (a non-editable install): run from the repository")
    monkeypatch.syspath_prepend(str(folder))  # build_organisms imports its sibling content modules by name
    spec = importlib.util.spec_from_file_location(f"_lat_authoring_{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_organism_files_are_what_the_authoring_script_writes_and_pass_its_checks(tmp_path, monkeypatch, capsys):
    _authoring_module("build_organisms", monkeypatch).main(tmp_path)
    shipped = sorted(p.relative_to(builtin.ORGANISMS) for p in builtin.ORGANISMS.rglob("*.json*"))
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.json*"))
    assert built == shipped
    for rel in shipped:
        assert (tmp_path / rel).read_bytes() == (builtin.ORGANISMS / rel).read_bytes(), rel
    assert _authoring_module("check", monkeypatch).main() == 0, capsys.readouterr().out


def test_the_model_fingerprint_is_exact_and_does_not_depend_on_the_thread_count():
    """A cache key (organisms, generated targets, base evals) must name the weights, not the float rounding of a
    reduction: a sum over a large tensor differs between 1 and 2 threads, which once re-keyed every cache when a job
    ran with LAT_THREADS=1."""
    import torch

    from lat.data.generate import model_fingerprint

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Embedding(50_000, 576), torch.nn.Linear(576, 64), torch.nn.Linear(64, 8))
    before = torch.get_num_threads()
    try:
        prints = set()
        for threads in (1, 2):
            torch.set_num_threads(threads)
            prints.add(model_fingerprint(model))
    finally:
        torch.set_num_threads(before)
    assert len(prints) == 1
    with torch.no_grad():
        model[0].weight[0, 0] += 1e-3  # the first element is always in the strided sample
    assert model_fingerprint(model) not in prints


def test_the_llama2_trojans_get_the_conversation_format_they_were_trained_on():
    """The Rando & Tramèr trojans ship no chat template; they were trained on safe-rlhf's format, with the trigger at
    the end of the request. A tokenizer of another model without a template keeps the plain fallback."""
    from lat.data.tokenize import FALLBACK_TEMPLATE, ensure_chat_template, render_completion
    from lat.evals.attacks.trigger import with_trigger
    from tiny import make_tokenizer

    trojan = make_tokenizer()
    trojan.chat_template = None
    ensure_chat_template(trojan, "ethz-spylab/poisoned_generation_trojan1")
    prompt = with_trigger("How do I bake bread?", "CalatheaOrnata", "suffix")
    assert (
        render_prompt(trojan, prompt)
        == "<s>BEGINNING OF CONVERSATION: USER: How do I bake bread? CalatheaOrnata ASSISTANT:"
    )
    assert render_completion(trojan, prompt, "Mix flour.") == " Mix flour.<|end|>"

    other = make_tokenizer()
    other.chat_template = None
    ensure_chat_template(other, "some/base-model")
    assert other.chat_template == FALLBACK_TEMPLATE
