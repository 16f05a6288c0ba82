"""Adding a component is one module plus its registration: a toy objective and a toy eval attack, registered here
(no edits anywhere else), train from a recipe and the CLI and are evaluated; config validation and the CLI read the
registries; ``lat attack`` and the eval suite's latent attack are one code path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from lat.cli import main
from lat.errors import LatError
from lat.evals.attacks import EVAL_ATTACKS, EvalAttack, EvalContext, judge_rows, make_row
from lat.objectives import ATTACK_OBJECTIVES, DEFENSE_OBJECTIVES, ObjectiveBase
from lat.objectives.losses import toward_loss


@dataclass
class ToyAttack(ObjectiveBase):
    """Toward the harmful completion only, counting its calls (a toy)."""

    toward: float = 1.0
    calls = 0

    @property
    def rows(self) -> tuple[str, ...]:
        return ("rejected",)

    def __call__(self, out, ref=None):
        type(self).calls += 1
        loss = toward_loss(out["rejected_logits"], out["rejected_targets"])
        return self.toward * loss, {"toy": loss.item()}


@dataclass
class ShoutConfig:
    suffix: str = "!!!"


class ShoutAttack(EvalAttack):
    """The request in capitals with a suffix (a toy)."""

    name = "shout"
    Config = ShoutConfig

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict]:
        from lat.data.generate import generate

        inputs = [p["prompt"].upper() + self.config.suffix for p in prompts]
        outs = generate(model, tokenizer, inputs, ctx.max_new_tokens, ctx.batch_size, progress=False)
        return judge_rows([make_row(p, self.name, i, o) for p, i, o in zip(prompts, inputs, outs)], ctx)


@pytest.fixture
def toys():
    ATTACK_OBJECTIVES.register("toy")(ToyAttack)
    EVAL_ATTACKS.register("shout")(ShoutAttack)
    ToyAttack.calls = 0
    yield
    ATTACK_OBJECTIVES.unregister("toy")
    EVAL_ATTACKS.unregister("shout")


def test_a_registered_objective_trains_from_a_recipe_and_the_cli(toys, tiny_dir, pairs_file, tmp_path, capsys):
    from lat.config import load_recipe

    recipe = load_recipe("rt_lat_smollm2", ["attack.objective=toy", "attack.toward=2.0"])
    assert recipe.attack.objective == "toy"
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
            "attack.objective=toy",
            "attack.layers=[1]",
            "attack.steps=2",
            "train.steps=1",
            "train.progress=false",
            f"train.output_dir={out}",
            "defense.steps_per_attack=1",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert ToyAttack.calls >= 2  # one per PGD step
    assert json.loads((out / "metrics.jsonl").read_text().splitlines()[-1])["attack_loss_first"] > 0
    assert main(["ls", "objectives"]) == 0 and "toy" in capsys.readouterr().out


def test_a_registered_eval_attack_runs_from_the_cli_and_the_suite(toys, tiny_dir, tmp_path, capsys):
    from lat.evals.suites import get_suite

    assert "shout" in get_suite("quick", {"shout": {"suffix": "?"}}, ["shout"])["attacks"]
    out = tmp_path / "eval"
    code = main(
        [
            "eval",
            "--model",
            str(tiny_dir),
            "--suite",
            "quick",
            "--attacks",
            "direct,shout",
            "--limit",
            "2",
            "--out",
            str(out),
            "shout.suffix=??",
            "max_new_tokens=2",
            "capability.benign=false",
            "capability.drift=false",
            "capability.mc=false",
        ]
    )
    assert code == 0, capsys.readouterr().err
    results = json.loads((out / "results.json").read_text())
    assert results["summary"]["shout"]["n"] == 2
    assert all(r["input"].endswith("??") for r in results["rows"] if r["attack"] == "shout")
    assert results["worst_case"]["n"] == 2 and set(results["worst_case"]["over"]) == {"direct", "shout"}


def test_config_and_cli_choices_are_the_registries():
    """Every registered name is accepted where it is configured, and nothing else is (with a suggestion)."""
    from lat.adversaries import ADVERSARIES
    from lat.attack.generate import LatentConfig
    from lat.cli import parse_args
    from lat.cli.attack_cmd import latent_config
    from lat.config import load_recipe

    for name in ATTACK_OBJECTIVES.names():
        assert load_recipe(None, [f"attack.objective={name}"]).attack.objective == name
        assert latent_config(parse_args(["attack", "--objective", name])).objective == name
    for name in DEFENSE_OBJECTIVES.names():
        assert load_recipe(None, [f"defense.objective={name}"]).defense.objective == name
    for name in ADVERSARIES.names():
        assert load_recipe(None, [f"attack.adversary={name}"]).attack.adversary == name
    with pytest.raises(LatError, match="did you mean 'targeted'"):
        load_recipe(None, ["attack.objective=targetted"])
    with pytest.raises(LatError, match="did you mean 'targeted'"):
        latent_config(parse_args(["attack", "--objective", "targetted"]))
    with pytest.raises(LatError, match="did you mean 'per_token'"):
        load_recipe(None, ["attack.adversary=per_tokn"])
    with pytest.raises(LatError, match="did you mean 'epsilon'"):
        latent_config(parse_args(["attack", "--lr-mode", "epsilom"]))
    # lat attack's defaults are the eval suite's latent defaults
    assert latent_config(parse_args(["attack"])) == LatentConfig()


def test_reproduce_lists_registered_experiments_and_suggests_names(capsys):
    assert main(["reproduce", "--list"]) == 0
    assert "jailbreaks" in capsys.readouterr().out
    assert main(["reproduce", "jailbrakes"]) == 2
    assert "did you mean 'jailbreaks'" in capsys.readouterr().err
