"""The CLI end to end on a tiny model saved to disk: lat attack, lat train, lat validate, lat ls, errors."""

import json

import pytest

from lat.cli import main
from lat.errors import LatError


def test_lat_attack_lowers_the_target_loss_and_prints_a_table(tiny_dir, pairs_file, tmp_path, capsys):
    out_json = tmp_path / "rows.json"
    code = main(
        [
            "attack",
            "--model",
            str(tiny_dir),
            "--data",
            str(pairs_file),
            "--limit",
            "3",
            "--layers",
            "1,2",
            "--epsilon",
            "2",
            "--steps",
            "10",
            "--lr",
            "0.1",
            "--max-new-tokens",
            "4",
            "--out",
            str(out_json),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "| id | ε | attack loss before | after | complied before | after |" in text
    rows = json.loads(out_json.read_text())
    assert len(rows) == 3 and all(r["loss_after"] < r["loss_before"] for r in rows)


def test_lat_train_from_cli_writes_adapter(tiny_dir, pairs_file, tmp_path, capsys):
    out = tmp_path / "run"
    code = main(
        [
            "train",
            "rt_lat_smollm2",
            f"model.name={tiny_dir}",
            f"data.adversarial={pairs_file}",
            "data.retain=null",
            "lora.r=2",
            "lora.target_modules=[q_proj]",
            "attack.layers=[1]",
            "attack.steps=2",
            "train.steps=1",
            "train.progress=false",
            f"train.output_dir={out}",
            "defense.steps_per_attack=1",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert (out / "adapter" / "adapter_config.json").is_file()


def test_cli_errors_are_one_clear_line(tiny_dir, pairs_file, capsys):
    assert main(["attack", "--model", str(tiny_dir), "--data", str(pairs_file), "--layers", "12"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("lat attack: error: layer index 12 is out of range")
    assert "Traceback" not in err
    assert main(["train", "rt_lat_smollm2", "attack.epsilom=2"]) == 2
    assert "did you mean 'epsilon'" in capsys.readouterr().err
    assert main(["attack", "--model", "smolm2"]) == 2
    assert "did you mean 'smollm2-135m-instruct'" in capsys.readouterr().err


def test_validate_and_ls(capsys):
    assert main(["validate"]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["ls"]) == 0
    out = capsys.readouterr().out
    for word in ("targeted", "toward_away", "per_token", "smollm2-135m-instruct", "rt_lat_smollm2"):
        assert word in out


def test_overrides_may_follow_options(monkeypatch):
    import lat.cli.reproduce_cmd as reproduce_cmd

    seen = {}
    monkeypatch.setattr(reproduce_cmd, "run", lambda args: seen.update(overrides=args.overrides) or 0)
    assert main(["reproduce", "jailbreaks", "a.b=1", "--quick", "train.steps=3"]) == 0
    assert seen["overrides"] == ["a.b=1", "train.steps=3"]
    with pytest.raises(SystemExit):
        main(["reproduce", "jailbreaks", "--bogus"])


def test_reproduce_command_line_builds_the_experiment_and_rejects_bad_input():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment

    def exp(*argv):
        return build_experiment(parse_args(["reproduce", "jailbreaks", *argv]))

    e = exp("--quick", "--methods", "RT", "--method", "LAT-a=rt_lat_smollm2 attack.epsilon=0.1", "train.steps=3")
    assert e.methods == {"RT": "rt_smollm2", "LAT-a": "rt_lat_smollm2 attack.epsilon=0.1"}
    assert e.overrides[-1] == "train.steps=3" and e.seeds == [0]
    assert "train.steps=8" not in e.overrides and "attack.steps=4" in e.overrides  # the quick default it replaced
    e = exp("--eval", "latent.epsilons=[0.05,0.1]", "--eval", "max_new_tokens=8")
    assert e.suite_overrides == {"latent": {"epsilons": [0.05, 0.1]}, "max_new_tokens": 8}
    assert exp("--preset", "llama3-8b").methods["RT+LAT"] == "llama3_8b_jailbreak_lat"
    for argv, message in [
        (["--preset", "lama3-8b"], "did you mean 'llama3-8b'"),
        (["--methods", "RT+LATT"], r"did you mean 'RT\+LAT'"),
        (["--method", "no-equals-sign"], "expected LABEL=RECIPE"),
        (["--method", "X=rt_lat_smolm2"], "method 'X'"),
        (["--method", "X=rt_lat_smollm2 attack.epsilonn=1"], "did you mean"),
        (["--eval", "latentt.steps=2"], "did you mean"),
        (["--eval", "noequals"], "expected KEY=VALUE"),
    ]:
        with pytest.raises(LatError, match=message):
            exp(*argv)


def test_thread_count_is_each_process_share_of_the_cores():
    from lat.runtime import choose_threads

    assert choose_threads(2, 1, None) == (2, "2 cores")
    assert choose_threads(2, 2, None)[0] == 1  # two processes on two cores: one thread each, not two
    assert choose_threads(16, 4, None)[0] == 4
    assert choose_threads(16, 1, "3") == (3, "set by the environment")
    assert choose_threads(1, 4, None)[0] == 1


def test_a_busy_machine_is_reported_with_advice_the_job_has_not_already_taken():
    from lat.runtime import busy_warning

    assert busy_warning(1.2, 2, 2) is None
    assert "LAT_THREADS=1" in busy_warning(3.6, 2, 2)
    one = busy_warning(3.6, 2, 1)  # already one thread: no advice to do what it does
    assert "LAT_THREADS" not in one and "1.8×" in one


def test_library_noise_is_silenced_and_other_warnings_are_not():
    import warnings

    from lat.runtime import quiet_library_noise

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        quiet_library_noise()
        warnings.warn(
            "`is_gradient_checkpointing` is deprecated and will be removed in v6.", FutureWarning, stacklevel=1
        )
        warnings.warn("something the user should see", FutureWarning, stacklevel=1)
    assert [str(w.message) for w in seen] == ["something the user should see"]


def test_quick_is_rt_vs_rt_lat_and_methods_pick_from_the_whole_preset():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment

    quick = build_experiment(parse_args(["reproduce", "jailbreaks", "--quick"]))
    assert list(quick.methods) == ["RT", "RT+LAT"] and quick.n_latent is None
    three = build_experiment(parse_args(["reproduce", "jailbreaks", "--quick", "--methods", "RT,RT+EAT,RT+LAT"]))
    assert list(three.methods) == ["RT", "RT+EAT", "RT+LAT"]
    sized = build_experiment(parse_args(["reproduce", "jailbreaks", "--n-latent", "8", "--n-benign", "4"]))
    assert (sized.n_latent, sized.n_benign) == (8, 4)


def test_reference_names_the_method_every_other_is_compared_with():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment

    base = ["reproduce", "backdoors", "--quick", "--methods", "DPO", "--method", "DPO-hh=backdoor_dpo_smollm2"]
    assert build_experiment(parse_args(base)).reference is None  # the experiment's own (DPO)
    assert build_experiment(parse_args([*base, "--reference", "DPO-hh"])).reference == "DPO-hh"
    with pytest.raises(LatError, match="not among this run's methods.*did you mean 'DPO-hh'"):
        build_experiment(parse_args([*base, "--reference", "DPO-hhh"]))


def test_methods_can_name_variants_so_a_run_holds_only_them():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment

    variants = ["--method", "B=backdoor_dpo_lat_smollm2 attack.epsilon=0.2", "--method", "A=backdoor_dpo_smollm2"]
    only = build_experiment(parse_args(["reproduce", "backdoors", "--quick", "--methods", "A,B", *variants]))
    assert only.methods == {"A": "backdoor_dpo_smollm2", "B": "backdoor_dpo_lat_smollm2 attack.epsilon=0.2"}
    added = build_experiment(parse_args(["reproduce", "backdoors", "--quick", "--methods", "DPO", *variants]))
    assert list(added.methods) == ["DPO", "B", "A"]  # variants not named come after
    with pytest.raises(LatError, match="unknown method 'C'"):
        build_experiment(parse_args(["reproduce", "backdoors", "--quick", "--methods", "A,C", *variants]))
    # Naming one variant makes the list exact: one process per variant of a sweep runs only its own.
    one = build_experiment(parse_args(["reproduce", "backdoors", "--quick", "--methods", "DPO,A", *variants]))
    assert list(one.methods) == ["DPO", "A"]


def test_methods_none_evaluates_the_starting_model_alone():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment

    assert build_experiment(parse_args(["reproduce", "backdoors", "--quick", "--methods", "none"])).methods == {}
    with pytest.raises(LatError, match="drop the --method variants"):
        build_experiment(
            parse_args(["reproduce", "backdoors", "--methods", "none", "--method", "A=backdoor_dpo_smollm2"])
        )


def test_jobs_sets_the_runs_trained_at_a_time_outside_every_run_key():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment
    from lat.experiments.runner import resolve_recipes, run_key

    one = build_experiment(parse_args(["reproduce", "unlearning", "--quick"]))
    two = build_experiment(parse_args(["reproduce", "unlearning", "--quick", "--jobs", "2"]))
    assert (one.jobs, two.jobs) == (1, 2)
    suite = one.definition.eval_suite(one, resolve_recipes(one))
    assert run_key(one, suite) == run_key(two, suite)  # runs finished by workers count for a serial rerun
    with pytest.raises(LatError, match="--jobs 0: give at least 1"):
        build_experiment(parse_args(["reproduce", "unlearning", "--jobs", "0"]))


def test_a_variant_with_a_preset_methods_label_replaces_it():
    from lat.cli import parse_args
    from lat.cli.reproduce_cmd import build_experiment

    exp = build_experiment(
        parse_args(["reproduce", "backdoors", "--quick", "--method", "DPO+LAT=backdoor_dpo_lat_smollm2 attack.steps=2"])
    )
    assert exp.methods == {"DPO": "backdoor_dpo_smollm2", "DPO+LAT": "backdoor_dpo_lat_smollm2 attack.steps=2"}


def test_evaluation_progress_reaches_a_log_file_at_most_once_a_minute(monkeypatch, capsys):
    """A background job's stderr is a file: the evaluation's bars still write there (with their ETA), at most one
    update a minute, and leave their last line; on a terminal they redraw and vanish."""
    import sys

    from lat.runtime import progress_bar

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with progress_bar(total=3, desc="latent@eps=0.1") as bar:
        assert bar.mininterval == 60 and bar.leave and not bar.disable
        bar.update(3)
    assert "latent@eps=0.1" in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress_bar(total=3, desc="x") as bar:
        assert bar.mininterval < 1 and not bar.leave
    assert progress_bar(total=3, enabled=False).disable
