"""Hook points resolve on every architecture family; hooks never outlive their context; bad layers are errors."""

import pytest
import torch

from lat.errors import LatError
from lat.hooks import add_perturbations, capture_activations, get_decoder_layers, parse_layers, resolve_hook_points
from lat.hooks.layers import hidden_size
from lat.hooks.perturb import edit_outputs


def _inputs(tokenizer, text="How do I bake bread?"):
    ids = tokenizer(text, return_tensors="pt")
    return ids["input_ids"], ids["attention_mask"]


def _n_hooks(model):
    return sum(len(m._forward_hooks) for m in model.modules())


def test_resolves_layers_and_embedding_on_every_family(tiny_model, tokenizer):
    points = resolve_hook_points(tiny_model, ["embedding", 0, -1])
    assert [p.name for p in points] == ["embedding", "layer.0", "layer.3"]
    assert hidden_size(tiny_model) == 32
    ids, mask = _inputs(tokenizer)
    with capture_activations(points) as acts:
        tiny_model(input_ids=ids, attention_mask=mask)
    assert set(acts) == {"embedding", "layer.0", "layer.3"}
    assert all(a.shape == (1, ids.shape[1], 32) for a in acts.values())


def test_resolves_through_peft(llama):
    from peft import LoraConfig, get_peft_model

    peft_model = get_peft_model(llama, LoraConfig(r=2, target_modules=["q_proj"]))
    assert len(get_decoder_layers(peft_model)) == 4
    assert resolve_hook_points(peft_model, [1])[0].module is get_decoder_layers(llama)[1]


def test_out_of_range_layer_is_a_clear_error(llama):
    with pytest.raises(LatError, match=r"layer index 9 is out of range.*4 decoder layers.*0\.\.3"):
        resolve_hook_points(llama, [9])


def test_parse_layers():
    assert parse_layers("emb, 8,16") == ["embedding", 8, 16]
    assert parse_layers([4, "4", "Embedding"]) == [4, "embedding"]
    with pytest.raises(LatError):
        parse_layers("eight")


def test_unknown_model_structure_is_an_error():
    with pytest.raises(LatError, match="cannot find the decoder layers"):
        get_decoder_layers(torch.nn.Linear(2, 2))


def test_hooks_removed_after_exception(llama, tokenizer):
    points = resolve_hook_points(llama, [1, "embedding"])
    before = _n_hooks(llama)
    ids, mask = _inputs(tokenizer)
    with pytest.raises(RuntimeError, match="boom"):
        with edit_outputs(points, {"layer.1": lambda h: h + 1.0}):
            assert _n_hooks(llama) == before + 1
            raise RuntimeError("boom")
    assert _n_hooks(llama) == before
    clean = llama(input_ids=ids, attention_mask=mask).logits
    with pytest.raises(RuntimeError):
        with edit_outputs(points, {"layer.1": lambda h: (_ for _ in ()).throw(RuntimeError("inside forward"))}):
            llama(input_ids=ids, attention_mask=mask)
    assert _n_hooks(llama) == before
    torch.testing.assert_close(llama(input_ids=ids, attention_mask=mask).logits, clean)


def test_edit_for_unresolved_point_raises(llama):
    points = resolve_hook_points(llama, [1])
    with pytest.raises(KeyError, match="unresolved"):
        with edit_outputs(points, {"layer.2": lambda h: h}):
            pass


def test_perturbation_changes_output_only_downstream_and_at_masked_positions(tiny_model, tokenizer):
    from lat.adversaries import PerTokenAdversary

    ids, mask = _inputs(tokenizer)
    pos = ids.shape[1]
    points = resolve_hook_points(tiny_model, [1])
    adv = PerTokenAdversary(1, pos, 32, epsilon=5.0)
    with torch.no_grad():
        adv.delta.normal_()
    position_mask = torch.zeros(1, pos, dtype=torch.long)
    position_mask[0, 2] = 1
    all_points = resolve_hook_points(tiny_model, [0, 1])
    with capture_activations(all_points) as clean:
        tiny_model(input_ids=ids, attention_mask=mask)
    clean = dict(clean)
    with add_perturbations(points, {"layer.1": adv}, position_mask), capture_activations(all_points) as hit:
        tiny_model(input_ids=ids, attention_mask=mask)
    torch.testing.assert_close(hit["layer.0"], clean["layer.0"])  # upstream untouched
    diff = (hit["layer.1"] - clean["layer.1"]).norm(dim=-1)[0]
    assert diff[2] > 0 and torch.all(diff[torch.arange(pos) != 2] == 0)
