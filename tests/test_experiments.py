"""``lat reproduce jailbreaks`` end to end on a tiny model: three methods, the base model, one report."""

import json

import pytest

from lat.evals.report import experiment_markdown
from lat.experiments import make_experiment, run
from tiny import ONE_TINY_STEP, make_tiny_model, pair_records, retain_records


def test_reproduce_jailbreaks_pipeline_on_a_tiny_model(tmp_path, tokenizer):
    model_dir = tmp_path / "tiny"
    make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    pairs, retain = tmp_path / "pairs.jsonl", tmp_path / "retain.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in pair_records(8)))
    retain.write_text("".join(json.dumps(r) + "\n" for r in retain_records(8)))
    exp = make_experiment(
        "jailbreaks",
        model=str(model_dir),
        seeds=[0, 1],
        overrides=[
            f"data.adversarial={pairs}",
            f"data.retain={retain}",
            "lora.r=2",
            "lora.target_modules=[q_proj]",
            "attack.layers=[1,2]",
            "attack.steps=2",
            "train.steps=2",
            "train.progress=false",
            "defense.steps_per_attack=1",
        ],
        n_harmful=3,
        n_latent=2,
        n_benign=2,
        n_gcg=0,
        suite_overrides={
            "max_new_tokens": 4,
            "many_shot": {"shots": 1},
            "latent": {"layers": [1], "steps": 2},
            "embedding": {"steps": 2},
            "refusal_direction": {"max_train": 4},
        },
        out=str(tmp_path / "report"),
    )
    report = run(exp, log=lambda *_: None)
    assert report["methods"] == ["base", "RT", "RT+EAT", "RT+LAT"]
    table = report["table"]
    assert table["RT+LAT"]["time/train_s"]["n"] == 2  # mean ± std over the two seeds
    # every method's budget is in the report, read from its step log: train.steps=2 for each
    assert table["RT"]["train/updates"]["mean"] == table["RT+LAT"]["train/updates"]["mean"] == 2
    assert "train/updates" not in table["base"]
    assert "asr/prefill" in table["base"] and "asr/latent@eps=0.5" in table["RT+LAT"]
    assert table["RT+LAT"]["asr/latent@eps=0.5"]["n"] == 2
    assert set(report["comparisons"]) == {"RT+EAT", "RT+LAT"}
    assert report["comparisons"]["RT+LAT"]["overhead"] > 0
    md = (tmp_path / "report" / "report.md").read_text()
    assert md == experiment_markdown(report, {"ASR per attack and method": "asr.png"})
    assert "| RT+LAT |" in md and "RT+LAT / RT" in md and "worst case (any attack)" in md
    assert "| optimizer updates | – | 2 | 2 | 2 |" in md
    assert table["RT+LAT"]["asr/worst-case"]["mean"] >= table["RT+LAT"]["asr/prefill"]["mean"]
    assert table["RT+LAT"]["asr/prefill"]["trials"] == 3 * 2  # pooled over 3 prompts × 2 seeds, with its interval
    assert "McNemar p" in md and "[" in md
    assert (tmp_path / "report" / "report.html").is_file()
    assert (tmp_path / "report" / "rt-lat" / "seed1" / "results.json").is_file()
    # A rerun reuses every finished run (an interrupted reproduction continues instead of starting over), its train
    # time read from the run's step log (a results.json written before that held a continuing invocation's 1 s) ...
    stale = tmp_path / "report" / "rt-lat" / "seed0" / "results.json"
    stale.write_text(json.dumps({**(res := json.loads(stale.read_text())), "meta": {**res["meta"], "train_s": 1.0}}))
    again = run(exp, log=lambda *_: None)
    assert again["table"]["RT+LAT"]["time/train_s"] == table["RT+LAT"]["time/train_s"]
    # ... but never the runs of other settings.
    from dataclasses import replace

    from lat.experiments.runner import load_finished, run_key

    suite = {"attacks": {"direct": {}}}
    changed = replace(exp, n_harmful=2)
    assert run_key(changed, suite) != run_key(exp, suite)
    assert load_finished(tmp_path / "report" / "rt" / "seed0", run_key(changed, suite)) is None
    # A method's key is its resolved recipe (seed and folder aside): a sweep variant never reuses another's run.
    assert run_key(exp, suite, {"attack": {"epsilon": 0.1}}) != run_key(exp, suite, {"attack": {}})
    assert run_key(exp, suite, {"train": {"seed": 1}}) == run_key(exp, suite, {"train": {"seed": 2}})
    # Every evaluation records the prompts it ran on, and a finished run is reused only on those very prompts: an edit
    # of the organism's prompts that keeps their counts (the key holds counts) re-evaluates instead of mixing.
    from lat.experiments.runner import EvalPrompts, plan

    prompts = EvalPrompts.of(*exp.definition.eval_prompts(exp))
    base_res = json.loads((tmp_path / "report" / "base" / "results.json").read_text())
    assert base_res["meta"]["prompts"] == prompts.digest
    assert {e["action"] for e in plan(exp)} == {"reuse"}
    (h0, *hs), benign = exp.definition.eval_prompts(exp)
    edited = EvalPrompts.of([{**h0, "prompt": h0["prompt"] + " Please."}, *hs], benign)
    assert load_finished(tmp_path / "report" / "base", base_res["meta"]["experiment_key"], prompts=edited) is None
    # A reworded recipe description (or a renamed recipe) re-keys nothing, and runs finished under the older key
    # scheme (name and description inside the key) are still adopted.
    worded = {"name": "rt-lat", "description": "v1", "attack": {"epsilon": 0.1}}
    assert run_key(exp, suite, worded) == run_key(exp, suite, {**worded, "description": "v2", "name": "x"})
    finished = tmp_path / "report" / "rt" / "seed0"
    old = run_key(exp, suite, worded, legacy=True)
    assert old != run_key(exp, suite, worded)
    res = json.loads((finished / "results.json").read_text())
    (finished / "results.json").write_text(json.dumps({**res, "meta": {**res["meta"], "experiment_key": old}}))
    assert load_finished(finished, run_key(exp, suite, worded)) is None
    assert load_finished(finished, run_key(exp, suite, worded), old) is not None
    # A config field added to lat later, at its default, does not re-key the runs finished before it existed.
    from lat.config import Recipe

    now = Recipe().to_dict()
    before = {**now, "attack": {k: v for k, v in now["attack"].items() if k != "schedule"}}
    assert run_key(exp, suite, now) == run_key(exp, suite, before)
    assert run_key(exp, suite, {**now, "attack": {**now["attack"], "schedule": "free"}}) != run_key(exp, suite, now)
    # --plan says, without a model, what a rerun would do with each run, decided as run() decides
    import shutil

    import yaml

    from lat.experiments.runner import plan

    def actions(e):
        return {p["run"]: p["action"] for p in plan(e)}

    now_done = actions(exp)
    assert now_done.pop("RT seed 0") == "evaluate"  # its results.json now carries another run's key (above)
    assert set(now_done.values()) == {"reuse"}
    (tmp_path / "report" / "rt-eat" / "seed1" / "results.json").unlink()
    config = tmp_path / "report" / "rt-lat" / "seed1" / "config.yaml"
    (config.parent / "results.json").unlink()  # a finished run is reused whatever its folder holds besides
    config.write_text(yaml.safe_dump({**yaml.safe_load(config.read_text()), "train": {"lr": 0.5}}))
    shutil.rmtree(tmp_path / "report" / "rt" / "seed1")
    entries = {p["run"]: p for p in plan(exp)}
    assert {k: v["action"] for k, v in entries.items()} == {
        "base": "reuse",
        "RT seed 0": "evaluate",
        "RT seed 1": "train",
        "RT+EAT seed 0": "reuse",
        "RT+EAT seed 1": "evaluate",
        "RT+LAT seed 0": "reuse",
        "RT+LAT seed 1": "replace",
    }
    assert any(c.startswith("train.lr:") for c in entries["RT+LAT seed 1"]["changed"])
    assert actions(replace(exp, n_harmful=2))["RT+EAT seed 0"] == "evaluate"  # trained; another evaluation
    # An experiment that starts from an organism: the plan says first whether it must be built (which, on a fresh
    # machine, is the longest wait); a built one is found by find_organism (test below).
    from lat.experiments.jailbreaks import Jailbreaks

    spec = ("rt_smollm2 train.steps=3", [])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Jailbreaks, "organism", lambda self, e: spec)
        first = plan(exp)[0]
    assert first["run"] == "base (build)" and first["action"] == "build" and "3 updates" in first["detail"]
    assert plan(exp)[0]["run"] == "base"  # the jailbreak experiment itself starts from the model as loaded


def test_method_variants_share_the_base_evaluation(tmp_path, tokenizer):
    """``--method LABEL=RECIPE overrides``: sweep variants with their own overrides, compared with RT, in one folder;
    adding a variant later reuses the base model's and the other methods' finished runs."""
    common = _tiny_jailbreak_settings(tmp_path, tokenizer, "sweep")
    logs: list[str] = []
    first = run(
        make_experiment(
            "jailbreaks", methods={"RT": "rt_smollm2", "LAT-all": "rt_lat_smollm2 attack.positions=all"}, **common
        ),
        log=logs.append,
    )
    assert first["methods"] == ["base", "RT", "LAT-all"]
    assert "asr/latent@eps=0.25" in first["comparisons"]["LAT-all"]
    recipe = json.loads((tmp_path / "sweep" / "report.json").read_text())["report"]["meta"]["recipes"]
    assert recipe["LAT-all"] == "rt_lat_smollm2 attack.positions=all"
    logs.clear()
    run(
        make_experiment(
            "jailbreaks",
            methods={
                "RT": "rt_smollm2",
                "LAT-all": "rt_lat_smollm2 attack.positions=all",
                "LAT-eps0.1": "rt_lat_smollm2 attack.epsilon=0.1",
            },
            **common,
        ),
        log=logs.append,
    )
    trained = [line for line in logs if line.startswith("training")]
    assert len(trained) == 1 and "LAT-eps0.1" in trained[0]
    assert not any("evaluating the base model" in line for line in logs)
    # Without the experiment's reference method (RT) among the methods, the first one run is the reference.
    variants = {"LAT-all": "rt_lat_smollm2 attack.positions=all", "LAT-eps0.1": "rt_lat_smollm2 attack.epsilon=0.1"}
    pair = run(make_experiment("jailbreaks", methods=variants, **common), log=lambda *_: None)
    assert pair["reference"] == "LAT-all" and set(pair["comparisons"]) == {"LAT-eps0.1"}
    # Another output folder: the base model's evaluation comes from the cache in $LAT_HOME.
    logs.clear()
    run(
        make_experiment("jailbreaks", methods={"RT": "rt_smollm2"}, **{**common, "out": str(tmp_path / "b")}),
        log=logs.append,
    )
    assert any("reusing the cached evaluation of the base model" in line for line in logs)
    assert (tmp_path / "b" / "base" / "results.json").is_file()
    # No method at all (--methods none): the starting model's evaluation and a report of it alone.
    logs.clear()
    alone = run(make_experiment("jailbreaks", methods={}, **{**common, "out": str(tmp_path / "c")}), log=logs.append)
    assert alone["methods"] == ["base"] and not alone["comparisons"]
    assert not any(line.startswith(("training", "building training data")) for line in logs)
    md = (tmp_path / "c" / "report.md").read_text()
    assert md.startswith("# ") and md.splitlines()[0].endswith(": the base alone")
    assert "no method trained" in md and "training pairs" not in md and "Overrides:" not in md
    assert "| train time (s) |" not in md  # nothing was trained: no row of zeros
    # A variant's own data.* overrides give it its own training set, not the first method's.
    logs.clear()
    run(
        make_experiment(
            "jailbreaks", methods={"RT": "rt_smollm2", "RT-retain2": "rt_smollm2 data.retain_limit=2"}, **common
        ),
        log=logs.append,
    )
    built = [line for line in logs if "retain records" in line]
    assert len(built) == 2 and "4 retain records" in built[0] and "2 retain records" in built[1]
    assert [line for line in logs if line.startswith("training")] == ["training RT-retain2 (seed 0, 1 steps) …"]
    # Trained but not evaluated (killed between the two): the rerun continues the training it finds (no second
    # training of the same recipe), and a run dir of other settings would be replaced, never silently reused.
    (tmp_path / "sweep" / "rt" / "seed0" / "results.json").unlink()
    run(make_experiment("jailbreaks", methods={"RT": "rt_smollm2"}, **common), log=lambda *_: None)
    assert len((tmp_path / "sweep" / "rt" / "seed0" / "metrics.jsonl").read_text().splitlines()) == 1
    assert (tmp_path / "sweep" / "rt" / "seed0" / "results.json").is_file()


def test_a_run_folder_is_continued_only_with_the_same_recipe(tmp_path):
    from lat.config import dump_recipe, load_recipe
    from lat.experiments.runner import settings_changes

    def same(r):  # the same training: continued (train.resume=auto), else replaced
        return settings_changes(tmp_path, r) == []

    recipe = load_recipe("rt_smollm2", [f"train.output_dir={tmp_path}"])
    assert settings_changes(tmp_path, recipe) is None  # nothing there
    dump_recipe(recipe, tmp_path / "config.yaml")
    assert same(recipe)
    assert settings_changes(tmp_path, load_recipe(recipe.to_dict(), ["train.steps=3"])) == [
        f"train.steps: {recipe.train.steps} → 3"
    ]
    # a run trained before a config field existed (its config.yaml lacks it) is the same recipe at that field's
    # default — not at another value
    import yaml

    old = yaml.safe_load((tmp_path / "config.yaml").read_text())
    del old["model"]["gradient_checkpointing"], old["attack"]["schedule"]
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(old))
    assert same(recipe)
    assert not same(load_recipe(recipe.to_dict(), ["model.gradient_checkpointing=true"]))
    assert same(load_recipe(recipe.to_dict(), ["description=the same recipe, described better"]))
    # a run folder copied elsewhere (its config.yaml names the old folder) continues there, not trained again
    assert same(load_recipe(recipe.to_dict(), [f"train.output_dir={tmp_path / 'copy'}"]))
    # another seed is another training; a progress bar is not
    assert not same(load_recipe(recipe.to_dict(), ["train.seed=7"]))
    assert same(load_recipe(recipe.to_dict(), ["train.progress=false"]))


def test_a_reproduction_sets_aside_what_it_replaces_instead_of_deleting_it(tmp_path):
    """A run trained with other settings moves to seedN.replaced-TIME with everything in it (the differing
    settings logged); a superseded evaluation of the same training is kept as results.superseded-TIME.json; a run
    of the same settings stays where it is, to be continued; a folder with files but no training lat can read is set
    aside too. The decisions are :func:`decide`'s, the ones ``--plan`` prints."""
    from lat.config import dump_recipe, load_recipe
    from lat.experiments.runner import MethodRun, decide, prepare_run_dir

    run_dir = tmp_path / "rt" / "seed0"
    recipe = load_recipe("rt_smollm2", [f"train.output_dir={run_dir}"])
    logs: list[str] = []

    def prepare(r):
        decision = decide(MethodRun("RT", 0, run_dir, r, ("key",)), {})
        return decision["action"], prepare_run_dir(run_dir, decision, logs.append)

    assert prepare(recipe) == ("train", "train.overwrite=true") and not logs  # nothing there
    run_dir.mkdir(parents=True)
    dump_recipe(recipe, run_dir / "config.yaml")
    (run_dir / "results.json").write_text('{"meta": {}}')
    assert prepare(recipe) == ("continue", "train.resume=auto")
    assert (run_dir / "config.yaml").is_file() and not (run_dir / "results.json").exists()
    assert [p.name.startswith("results.superseded-") for p in run_dir.glob("results.*.json")] == [True]
    other = load_recipe(recipe.to_dict(), ["train.lr=1e-3"])
    assert prepare(other) == ("replace", "train.overwrite=true")
    assert not run_dir.exists()
    (kept,) = (tmp_path / "rt").glob("seed0.replaced-*")
    assert (kept / "config.yaml").is_file() and "train.lr" in logs[-1] and str(kept) in logs[-1]
    run_dir.mkdir()
    (run_dir / "notes.txt").write_text("mine")
    assert prepare(recipe) == ("replace", "train.overwrite=true") and "no config.yaml" in logs[-1]
    assert len(list((tmp_path / "rt").glob("seed0.replaced-*"))) == 2


@pytest.mark.parametrize(
    ("name", "subsets"),
    [("jailbreaks", ["RT", "RT+EAT", "RT,RT+EAT"]), ("backdoors", ["DPO", "DPO+EAT", "DPO+proxy"])],
)
def test_a_subset_of_methods_faces_the_suite_of_the_whole_comparison(name, subsets):
    """One process per method (or --methods RT+EAT added later) must evaluate with the suite the whole comparison
    uses — the latent attack at the LAT method's layers and ε even when it is not among them — so the runs share run
    keys and the starting model's evaluation, and can be reported together."""
    from lat.experiments.runner import resolve_recipes, run_key

    def key(methods):
        exp = make_experiment(name, methods=methods)
        return run_key(exp, exp.definition.eval_suite(exp, resolve_recipes(exp)))

    full = make_experiment(name).methods
    for subset in subsets:
        assert key({m: full[m] for m in subset.split(",")}) == key(full), subset


def test_run_keys_and_continuation_compare_the_same_settings():
    """One notion of "the same training" for reusing a finished run and continuing an interrupted one: the run key
    ignores only the seed beyond what continuation ignores (bookkeeping, folder, wording)."""
    from lat.config import load_recipe
    from lat.experiments.base import Experiment
    from lat.experiments.runner import run_key, training_settings

    exp = Experiment(name="jailbreaks", model="smollm2-135m-instruct", methods={"RT": "rt_smollm2"})
    recipe = load_recipe("rt_smollm2").to_dict()
    for same in (["train.progress=false"], ["train.output_dir=/elsewhere"], ["train.seed=5"], ["name=renamed"]):
        assert run_key(exp, {}, load_recipe(recipe, same).to_dict()) == run_key(exp, {}, recipe), same
    assert run_key(exp, {}, load_recipe(recipe, ["train.lr=1e-3"]).to_dict()) != run_key(exp, {}, recipe)
    assert "seed" in training_settings(load_recipe(recipe, ["train.seed=5"]).to_dict())["train"]
    assert "seed" not in training_settings(load_recipe(recipe, ["train.seed=5"]).to_dict(), seed=False)["train"]


def test_llama3_preset_runs_offline_on_hub_schema_fixtures(tmp_path, tokenizer):
    """The GPU command (``lat reproduce jailbreaks --preset llama3-8b``) as far as it runs offline: the paper's three
    Llama-3-8B recipes — bf16, KL retain, positions all, embeddings + residual layers — on a tiny Llama, with local
    files in the schemas of the LLM-LAT hub datasets standing in for ``hf:LLM-LAT/harmful-dataset`` and
    ``hf:LLM-LAT/benign-dataset``."""
    from lat.config import load_recipe
    from lat.experiments.jailbreaks import Jailbreaks

    PRESETS = Jailbreaks.presets

    for spec in PRESETS["llama3-8b"]["methods"].values():  # what the GPU run trains on
        r = load_recipe(spec)
        assert (r.data.adversarial, r.data.retain) == ("hf:LLM-LAT/harmful-dataset", "hf:LLM-LAT/benign-dataset")
        assert r.model.dtype == "bfloat16" and r.train.steps == 100
    model_dir = tmp_path / "tiny-llama"
    make_tiny_model("llama", vocab_size=len(tokenizer), layers=4).save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    harmful, benign = tmp_path / "harmful-dataset.jsonl", tmp_path / "benign-dataset.jsonl"
    harmful.write_text(  # LLM-LAT/harmful-dataset: prompt, rejected (harmful), chosen (refusal)
        "".join(
            json.dumps({"prompt": r["prompt"], "rejected": r["rejected"], "chosen": r["chosen"]}) + "\n"
            for r in pair_records(4)
        )
    )
    benign.write_text(  # LLM-LAT/benign-dataset: prompt, response, refusal
        "".join(
            json.dumps({"prompt": r["prompt"], "response": r["completion"], "refusal": "I can't."}) + "\n"
            for r in retain_records(4)
        )
    )
    methods = dict(PRESETS["llama3-8b"]["methods"])
    methods["RT+LAT"] += " attack.layers=[embedding,1,3]"  # the paper's layers 8,16,24,30 do not exist in 4 blocks
    exp = make_experiment(
        "jailbreaks",
        "llama3-8b",
        model=str(model_dir),
        methods=methods,
        seeds=[0],
        overrides=[
            f"data.adversarial={harmful}",
            f"data.retain={benign}",
            *ONE_TINY_STEP,
        ],
        n_harmful=2,
        n_benign=1,
        n_gcg=0,
        attacks=["direct", "prefill", "latent"],
        suite_overrides={"max_new_tokens": 2, "latent": {"steps": 1, "epsilons": [0.25]}},
        out=str(tmp_path / "llama3"),
    )
    report = run(exp, log=lambda *_: None)
    assert report["methods"] == ["base", "RT", "RT+EAT", "RT+LAT"]
    assert report["meta"]["suite"]["attacks"]["latent"]["layers"] == [1, 3]  # RT+LAT's residual layers
    assert set(report["comparisons"]) == {"RT+EAT", "RT+LAT"}
    results = json.loads((tmp_path / "llama3" / "rt-lat" / "seed0" / "results.json").read_text())
    assert "latent@eps=0.25" in results["summary"]


def test_an_organism_is_built_once_merged_and_cached(tmp_path, tokenizer, llama):
    import torch

    from lat.experiments.organisms import build_organism, find_organism, organism_recipe, unrecorded_organisms

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps(r) + "\n" for r in pair_records(4)))
    spec = f"rt_smollm2 data.adversarial={pairs} data.retain=null lora.r=2 lora.target_modules=[q_proj] train.steps=2"
    overrides = ["train.progress=false", "train.lr=1e-2", "defense.steps_per_attack=1"]
    logs: list[str] = []
    before = {n: p.detach().clone() for n, p in llama.named_parameters()}
    assert find_organism(organism_recipe(spec, overrides), "tiny") is None
    first = build_organism(spec, llama, tokenizer, overrides, log=logs.append, model_name="tiny")
    assert any("building" in line for line in logs)
    # found again without a model (--plan), by its settings and the starting model's name
    folder = find_organism(organism_recipe(spec, overrides), "tiny")
    assert folder is not None and (folder / "merged" / "config.json").is_file()
    assert find_organism(organism_recipe(spec, overrides), "another-model") is None
    assert find_organism(organism_recipe(spec + " train.steps=1", overrides), "tiny") is None
    # an organism built before its record carried these fields is found after its next load
    info = json.loads((folder / "organism.json").read_text())
    (folder / "organism.json").write_text(json.dumps({"recipe": info["recipe"], "train_s": info["train_s"]}))
    assert find_organism(organism_recipe(spec, overrides), "tiny") is None
    assert unrecorded_organisms(organism_recipe(spec, overrides)) == [folder]  # --plan says it may be reused
    build_organism(spec, llama, tokenizer, overrides, log=logs.append, model_name="tiny")
    assert unrecorded_organisms(organism_recipe(spec, overrides)) == []
    # built by a caller that did not name the model (WHP's data source builds the same organism before the
    # experiment's prepare loads it): the first load that names it records it
    (folder / "organism.json").write_text(json.dumps({**info, "model": None}))
    assert find_organism(organism_recipe(spec, overrides), "tiny") is None
    assert unrecorded_organisms(organism_recipe(spec, overrides)) == [folder]
    assert unrecorded_organisms(organism_recipe(spec + " train.steps=1", overrides)) == []  # other settings
    build_organism(spec, llama, tokenizer, overrides, log=logs.append, model_name="tiny")
    assert find_organism(organism_recipe(spec, overrides), "tiny") == folder
    assert find_organism(organism_recipe(spec, overrides), "tiny") == folder
    assert all(torch.equal(p, before[n]) for n, p in llama.named_parameters())  # the starting model is untouched
    changed = [n for n, p in first.named_parameters() if "q_proj" in n and not torch.equal(p, before[n])]
    assert changed  # the LoRA update is merged into the weights
    logs.clear()
    again = build_organism(spec, llama, tokenizer, overrides, log=logs.append)
    assert not any("building" in line for line in logs)  # loaded from $LAT_HOME
    for (n, p), (_, q) in zip(first.named_parameters(), again.named_parameters()):
        assert torch.equal(p, q), n
    other = build_organism(spec + " train.steps=1", llama, tokenizer, overrides, log=logs.append)
    assert any("building" in line for line in logs)  # another recipe, another organism
    assert not all(torch.equal(p, q) for p, q in zip(first.parameters(), other.parameters()))


def test_an_organism_key_reads_only_its_own_data_split_and_non_default_settings(monkeypatch, llama):
    import lat.data.builtin as builtin
    from lat.config import load_recipe
    from lat.experiments.organisms import organism_key

    facts = load_recipe("rt_smollm2", ["data.adversarial=unlearning-qa", "data.retain=unlearning-text"])
    plant = load_recipe("plant_backdoor_smollm2")
    before = organism_key(facts, llama), organism_key(plant, llama)
    real = builtin._jsonl

    def with_row(category):  # benign.jsonl as if one row of `category` had been added
        extra = {"id": "b9999", "prompt": "How do I fold a paper crane?", "category": category, "borderline": False}
        return lambda path: real(path) + ([extra] if path.name == "benign.jsonl" else [])

    splits = builtin.jailbreak_splits()["benign"]
    validation, train = splits["validation"][0], splits["train"][0]
    monkeypatch.setattr(builtin, "_jsonl", with_row(validation))
    assert organism_key(facts, llama) == before[0]  # editing the jailbreak data does not replant the facts …
    assert organism_key(plant, llama) == before[1]  # … nor the backdoor, when the edit is outside its train split …
    monkeypatch.setattr(builtin, "_jsonl", with_row(train))
    assert organism_key(facts, llama) == before[0]
    assert organism_key(plant, llama) != before[1]  # … but an edit of the prompts it is planted on does
    monkeypatch.setattr(builtin, "_jsonl", real)
    assert organism_key(load_recipe(facts.to_dict(), ["train.steps=3"]), llama) != before[0]


def test_a_continued_runs_training_time_counts_every_step_it_trained(tmp_path):
    """A run continued from an interrupted (or finished, unevaluated) invocation reports the time of all its steps,
    not just the wall time of the invocation that finished it (which once reported 1 s for a 16-step LAT run)."""
    from lat.experiments.runner import training_time

    assert training_time(tmp_path, 5.0) == 5.0  # no step log: the wall time
    lines = [json.dumps({"step": i + 1, "time_step_s": t}) for i, t in enumerate([10.0, 20.0, 30.5])]
    (tmp_path / "metrics.jsonl").write_text("\n".join(lines) + "\n")
    assert training_time(tmp_path, 1.0) == pytest.approx(60.5)


def test_every_quick_method_is_a_method_of_the_default_preset():
    """``--quick`` runs a subset of the full comparison with the same recipes (its overrides apply to every method),
    so a quick table reads like a slice of the full one and ``--methods`` can name any other preset method."""
    from lat.experiments import EXPERIMENTS, make_experiment

    for name in EXPERIMENTS.names():
        full, quick = make_experiment(name).methods, make_experiment(name, quick=True).methods
        assert quick, name
        assert all(full.get(label) == recipe for label, recipe in quick.items()), (name, quick, full)


def test_a_method_run_at_another_budget_than_its_recipe_ships_is_said_at_launch():
    """--quick sets train.steps for every method: a recipe validated at its own budget (RMU ships 16 updates) then
    runs at another, and the launch says so, method by method; methods at their recipe's budget say nothing."""
    from lat.experiments.runner import budget_notes, resolve_recipes

    methods = {"GD": "unlearn_gd_smollm2 train.steps=16", "RMU": "unlearn_rmu_smollm2"}
    exp = make_experiment("unlearning", quick=True, methods=methods)
    notes = budget_notes(exp, resolve_recipes(exp))
    assert notes == ["RMU: 8 optimizer updates, its recipe ships 16 (set by --quick; pass train.steps=N to choose)"]
    exp = make_experiment("unlearning", quick=True, methods=methods, overrides=["train.steps=12"])
    assert budget_notes(exp, resolve_recipes(exp))[-1].endswith("(set by the overrides)")
    exp = make_experiment("unlearning", quick=True, methods={"RMU": "unlearn_rmu_smollm2 train.steps=4"})
    assert budget_notes(exp, resolve_recipes(exp)) == [
        "RMU: 4 optimizer updates, its recipe ships 16 (set by its --method overrides)"
    ]
    exp = make_experiment("unlearning", quick=True, methods={"RMU": "unlearn_rmu_smollm2 train.steps=16"})
    assert budget_notes(exp, resolve_recipes(exp)) == []


def test_evaluations_written_before_prompt_digests_are_matched_by_their_row_ids():
    """Results written before lat recorded ``meta.prompts`` are reused only when their rows cover exactly the
    attacked prompts and their capability rows exactly the benign ones (the test split's finished runs stay
    adopted; a validation split that gained prompts does not reuse the runs evaluated on fewer)."""
    from lat.experiments.runner import EvalPrompts

    harmful = [{"id": "h1", "prompt": "a"}, {"id": "h2", "prompt": "b"}]
    benign = [{"id": "b1", "prompt": "c"}]
    prompts = EvalPrompts.of(harmful, benign)
    rows = [{"id": "h1", "attack": "direct"}, {"id": "h2", "attack": "direct"}, {"id": "h1", "attack": "latent"}]
    legacy = {"meta": {}, "rows": rows, "capability_rows": [{"id": "b1"}]}
    assert prompts.matches(legacy)
    assert not prompts.matches({**legacy, "rows": rows[:1]})  # evaluated on fewer attacked prompts
    assert not EvalPrompts.of(harmful, [*benign, {"id": "b2", "prompt": "d"}]).matches(legacy)  # benign set grew
    assert prompts.matches({**legacy, "capability_rows": []})  # drift-only benign prompts: nothing to compare
    assert prompts.matches({"meta": {"prompts": prompts.digest}})
    assert not prompts.matches({"meta": {"prompts": "0" * 16}, "rows": rows, "capability_rows": [{"id": "b1"}]})


def test_a_small_n_benign_says_which_benign_categories_it_leaves_out():
    """Benign prompts are taken in file order: a validation run with the quick default sees health and fitness only,
    and says so at launch (and in --plan); with every prompt taken, nothing is said."""
    from lat.experiments import make_experiment

    small = make_experiment("jailbreaks", quick=True, split="validation")
    notes = small.definition.prompt_notes(small)
    assert len(notes) == 2 and "tech_help" in notes[0] and "borderline_programming" in notes[1]
    every = make_experiment("jailbreaks", quick=True, split="validation", n_benign=200)
    assert every.definition.prompt_notes(every) == []


def _tiny_jailbreak_settings(tmp_path, tokenizer, out: str) -> dict:
    """The settings of a one-update jailbreak reproduction on a tiny model (saved once under ``tmp_path``)."""
    model_dir = tmp_path / "tiny"
    if not model_dir.is_dir():
        make_tiny_model("llama", vocab_size=len(tokenizer)).save_pretrained(model_dir)
        tokenizer.save_pretrained(model_dir)
        (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in pair_records(4)))
        (tmp_path / "retain.jsonl").write_text("".join(json.dumps(r) + "\n" for r in retain_records(4)))
    return dict(
        model=str(model_dir),
        seeds=[0],
        overrides=[
            f"data.adversarial={tmp_path / 'pairs.jsonl'}",
            f"data.retain={tmp_path / 'retain.jsonl'}",
            "lora.r=2",
            "lora.target_modules=[q_proj]",
            "attack.layers=[1]",
            "attack.steps=1",
            "train.steps=1",
            "train.progress=false",
            "defense.steps_per_attack=1",
        ],
        n_harmful=2,
        n_benign=1,
        n_gcg=0,
        attacks=["direct", "latent"],
        suite_overrides={"max_new_tokens": 2, "latent": {"layers": [1], "steps": 1, "epsilons": [0.25]}},
        out=str(tmp_path / out),
    )


def _tiny_jailbreak_experiment(tmp_path, tokenizer, out: str, **settings):
    """RT and RT+LAT, one seed, on the tiny model (:func:`_tiny_jailbreak_settings`)."""
    methods = {"RT": "rt_smollm2", "RT+LAT": "rt_lat_smollm2"}
    return make_experiment(
        "jailbreaks", methods=methods, **_tiny_jailbreak_settings(tmp_path, tokenizer, out), **settings
    )


def test_jobs_train_runs_in_worker_processes_with_the_same_results(tmp_path, tokenizer):
    """``--jobs 2``: after the starting model's evaluation, each run trains and evaluates in a worker process of its
    own; the report is the one the runs give in-process (one thread each here, so the same numbers exactly)."""
    from lat.experiments.workers import worker_env

    logs: list[str] = []
    parallel = run(_tiny_jailbreak_experiment(tmp_path, tokenizer, "parallel", jobs=2), log=logs.append)
    started = [line for line in logs if "training in worker" in line]
    assert len(started) == 2 and "RT+LAT seed 0" in started[0]  # the run under attack (the longer one) first
    assert not any(line.startswith("training ") for line in logs)  # nothing trained in the parent
    for run_name in ("rt", "rt-lat"):
        assert (tmp_path / "parallel" / run_name / "seed0" / "results.json").is_file()
        assert (tmp_path / "parallel" / "logs" / f"{run_name}-seed0.log").is_file()
    serial = run(_tiny_jailbreak_experiment(tmp_path, tokenizer, "serial"), log=lambda *_: None)

    def numbers(report):
        return {
            m: {k: v for k, v in cells.items() if not k.startswith("time/")} for m, cells in report["table"].items()
        }

    assert numbers(parallel) == numbers(serial) and parallel["methods"] == serial["methods"]
    md = (tmp_path / "parallel" / "report.md").read_text()
    assert "runs trained 2 at a time in worker processes" in md and "Overrides: `data.adversarial=" in md
    serial["meta"]["overrides"] = []
    assert "Overrides: none (the recipes as shipped)." in experiment_markdown(serial)
    # Each worker's share of the cores, or of the GPUs; a thread count the user set is kept.
    env = worker_env(1, 2, {"CUDA_VISIBLE_DEVICES": "4,6"}, cores=8, gpus=2)
    assert env["LAT_THREADS"] == "4" and env["CUDA_VISIBLE_DEVICES"] == "6"
    assert worker_env(0, 3, {"LAT_THREADS": "2"}, cores=16, gpus=0)["LAT_THREADS"] == "2"


def test_a_failed_worker_names_its_run_and_log_and_keeps_the_others(tmp_path, tokenizer):
    from lat.errors import LatError

    exp = _tiny_jailbreak_experiment(tmp_path, tokenizer, "broken", jobs=2)
    (tmp_path / "broken" / "rt").mkdir(parents=True)
    (tmp_path / "broken" / "rt" / "seed0").write_text("not a folder")  # RT cannot write its run there
    with pytest.raises(LatError, match=r"1 of 2 run\(s\) failed .*RT seed 0 \(log: .*rt-seed0.log\)"):
        run(exp, log=lambda *_: None)
    assert (tmp_path / "broken" / "rt-lat" / "seed0" / "results.json").is_file()  # the other run finished, kept
