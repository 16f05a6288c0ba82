"""Config: YAML + overrides, did-you-mean errors, coefficients never renormalised, every shipped recipe validates."""

from pathlib import Path

import pytest

from lat.cli.validate_cmd import shipped_recipes
from lat.config import dump_recipe, explain, load_recipe
from lat.errors import LatError

RECIPES = shipped_recipes()


def test_recipes_are_shipped():
    names = {Path(p).stem for p in RECIPES}
    assert {"llama3_8b_jailbreak_lat", "rt_lat_smollm2"} <= names


@pytest.mark.parametrize("path", RECIPES, ids=lambda p: Path(p).stem)
def test_every_shipped_recipe_validates_and_round_trips(path, tmp_path):
    recipe = load_recipe(path)
    dump_recipe(recipe, tmp_path / "resolved.yaml")
    assert load_recipe(str(tmp_path / "resolved.yaml")) == recipe


def test_paper_llama3_settings():
    r = load_recipe("llama3_8b_jailbreak_lat")
    assert r.attack.layers == ["embedding", 8, 16, 24, 30]
    assert (r.attack.epsilon, r.attack.steps, r.defense.steps_per_attack, r.lora.r) == (6.0, 16, 4, 64)


def test_overrides_win_and_parse_types():
    r = load_recipe("rt_lat_smollm2", ["attack.epsilon=2", "attack.layers=[emb,3]", "train.lr=1e-3", "data.limit=null"])
    assert r.attack.epsilon == 2.0 and isinstance(r.attack.epsilon, float)
    assert r.attack.layers == ["embedding", 3] and r.train.lr == 1e-3 and r.data.limit is None


@pytest.mark.parametrize(
    "override, message",
    [
        ("attack.epsilonn=2", "unknown key 'attack.epsilonn' — did you mean 'epsilon'"),
        ("atack.epsilon=2", "unknown key 'atack' — did you mean 'attack'"),
        ("attack.norm=l3", "did you mean 'l2'"),
        ("attack.objective=targetted", "did you mean 'targeted'"),
        ("attack.epsilon=-1", "must be positive"),
        ("attack.steps=many", "expected int"),
        ("defense.away=-0.5", "must be >= 0"),
        ("defense.coefs=1", "unknown key 'defense.coefs'"),
        ("train.enabled=yes", "unknown key"),
        ("attack.layers=[eight]", "bad layer 'eight'"),
        ("noequals", "not key=value"),
    ],
)
def test_bad_config_is_a_clear_error(override, message):
    with pytest.raises(LatError, match=message):
        load_recipe(None, [override])


def test_coefficients_are_used_as_given():
    r = load_recipe(None, ["defense.toward=0.5", "defense.away=0.5", "defense.sft=1.5"])
    assert (r.defense.toward, r.defense.away, r.defense.sft) == (0.5, 0.5, 1.5)  # not divided by their sum


def test_unknown_recipe_name_suggests(tmp_path):
    with pytest.raises(LatError, match="did you mean 'rt_lat_smollm2'"):
        load_recipe("rt_lat_smolm2")


def test_every_field_has_help():
    rows = explain()
    assert len(rows) > 40 and all(help_ for _, _, help_ in rows)
