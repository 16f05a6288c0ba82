"""δ: float32, cast on use, masked, projected onto the ε-ball / box; relative ε."""

import pytest
import torch

from lat.adversaries import LowRankAdversary, PerTokenAdversary, make_adversary
from lat.adversaries.constraints import project_, residual_norm, resolve_epsilon


def test_l2_projection_per_token():
    delta = torch.tensor([[[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]]])
    project_(delta, 1.0, "l2")
    torch.testing.assert_close(delta.norm(dim=-1), torch.tensor([[1.0, 0.5, 0.0]]))
    torch.testing.assert_close(delta[0, 0], torch.tensor([0.6, 0.8]))  # direction kept


def test_linf_projection():
    delta = torch.tensor([[[3.0, -0.2, -7.0]]])
    project_(delta, 0.5, "linf")
    torch.testing.assert_close(delta, torch.tensor([[[0.5, -0.2, -0.5]]]))


def test_delta_is_float32_and_cast_to_activation_dtype():
    adv = PerTokenAdversary(2, 3, 4, epsilon=1.0)
    assert adv.delta.dtype == torch.float32
    h = torch.zeros(2, 3, 4, dtype=torch.bfloat16)
    with torch.no_grad():
        adv.delta.fill_(0.1)
    out = adv(h, torch.ones(2, 3))
    assert out.dtype == torch.bfloat16


def test_delta_only_at_masked_positions_never_padding():
    adv = PerTokenAdversary(2, 4, 3, epsilon=10.0)
    with torch.no_grad():
        adv.delta.normal_()
    h = torch.randn(2, 4, 3)
    mask = torch.tensor([[1, 1, 0, 0], [0, 1, 1, 0]])  # e.g. prompt tokens; zeros = completion or padding
    out = adv(h, mask)
    changed = (out - h).abs().sum(-1) > 0
    assert torch.equal(changed, mask.bool())


def test_delta_tiled_over_stacked_rows():
    adv = PerTokenAdversary(2, 3, 4, epsilon=10.0)
    with torch.no_grad():
        adv.delta.normal_()
    out = adv(torch.zeros(4, 3, 4), torch.ones(4, 3))
    torch.testing.assert_close(out[:2], out[2:])
    with pytest.raises(ValueError, match="not a multiple"):
        adv(torch.zeros(3, 3, 4), torch.ones(3, 3))


def test_uniform_init_lies_inside_the_ball():
    adv = PerTokenAdversary(2, 5, 16, epsilon=0.7, init="uniform")
    assert adv.token_norms().max() <= 0.7 + 1e-6


def test_low_rank_output_is_clipped_per_token():
    adv = LowRankAdversary(8, 2, epsilon=0.25)
    with torch.no_grad():
        adv.up.weight.normal_(0, 10.0)
    h = torch.randn(2, 5, 8) * 10
    out = adv(h, torch.ones(2, 5))
    assert ((out - h).norm(dim=-1) <= 0.25 + 1e-5).all()


def test_relative_epsilon_scales_with_residual_norm():
    h = torch.zeros(1, 3, 4)
    h[0, :2] = torch.tensor([3.0, 4.0, 0.0, 0.0])  # norm 5 at the two masked positions
    norm = residual_norm(h, torch.tensor([[1, 1, 0]]))
    assert norm == pytest.approx(5.0)
    assert resolve_epsilon(0.1, "relative", norm) == pytest.approx(0.5)
    assert resolve_epsilon(0.1, "relative", norm, "linf", d_model=4) == pytest.approx(0.25)
    assert resolve_epsilon(6.0, "absolute", norm) == 6.0


def test_make_adversary_unknown_name():
    from lat.errors import LatError

    with pytest.raises(LatError, match="did you mean 'per_token'"):
        make_adversary("per_tokn", 1, 1, 1, 1.0)
