"""Loss functions against hand-computed values."""

import math

import pytest
import torch

from lat.objectives.losses import away_loss, dpo_loss, kl_to_reference, sequence_logprob, toward_loss

# One row, two positions, vocab 3. Position 0 target 0, position 1 ignored.
LOGITS = torch.tensor([[[2.0, 0.0, 0.0], [1.0, 1.0, 1.0]]])
TARGETS = torch.tensor([[0, -100]])
P0 = math.exp(2) / (math.exp(2) + 2)  # softmax prob of the target at position 0


def test_toward_is_cross_entropy_over_supervised_tokens():
    assert math.isclose(toward_loss(LOGITS, TARGETS).item(), -math.log(P0), rel_tol=1e-6)


def test_away_is_minus_log_one_minus_p():
    assert math.isclose(away_loss(LOGITS, TARGETS).item(), -math.log(1 - P0), rel_tol=1e-6)


def test_away_is_stable_when_p_is_one():
    logits = torch.tensor([[[200.0, 0.0, 0.0]]])
    value = away_loss(logits, torch.tensor([[0]]))
    assert torch.isfinite(value) and math.isclose(value.item(), 200 - math.log(2), rel_tol=1e-4)


def test_losses_average_over_tokens_not_rows():
    logits = torch.zeros(2, 2, 4)
    targets = torch.tensor([[1, -100], [2, 3]])
    assert math.isclose(toward_loss(logits, targets).item(), math.log(4), rel_tol=1e-6)


def test_no_supervised_token_gives_zero_with_grad():
    logits = torch.zeros(1, 2, 3, requires_grad=True)
    loss = toward_loss(logits, torch.full((1, 2), -100))
    loss.backward()
    assert loss.item() == 0.0 and logits.grad is not None


def test_sequence_logprob_sums_supervised_tokens():
    logits = torch.tensor([[[0.0, 0.0], [math.log(3), 0.0], [5.0, 5.0]]])
    targets = torch.tensor([[0, 0, -100]])
    expected = math.log(0.5) + math.log(0.75)
    assert math.isclose(sequence_logprob(logits, targets).item(), expected, rel_tol=1e-6)


def test_dpo_loss_hand_computed():
    beta = 0.3
    loss = dpo_loss(torch.tensor([-1.0]), torch.tensor([-3.0]), torch.tensor([-2.0]), torch.tensor([-2.0]), beta)
    margin = (-1 + 2) - (-3 + 2)  # = 2
    assert math.isclose(loss.item(), -math.log(1 / (1 + math.exp(-beta * margin))), rel_tol=1e-6)


def test_dpo_loss_is_log2_at_reference():
    x = torch.tensor([-4.0, -1.0])
    assert math.isclose(dpo_loss(x, x, x, x, 0.3).item(), math.log(2), rel_tol=1e-6)


def test_kl_zero_for_equal_and_hand_computed():
    targets = torch.tensor([[0]])
    a = torch.tensor([[[0.0, 0.0]]])
    assert abs(kl_to_reference(a, a, targets).item()) < 1e-7
    b = torch.tensor([[[math.log(3), 0.0]]])  # reference p = (0.75, 0.25), policy q = (0.5, 0.5)
    expected = 0.75 * math.log(0.75 / 0.5) + 0.25 * math.log(0.25 / 0.5)
    assert math.isclose(kl_to_reference(a, b, targets).item(), expected, rel_tol=1e-5)


def test_per_token_dpo_defense_divides_each_log_ratio_by_its_completions_length():
    from lat.objectives.defender import DPODefense
    from lat.objectives.losses import IGNORE, dpo_loss, sequence_logprob

    g = torch.Generator().manual_seed(0)
    out = {
        "chosen_logits": torch.randn(2, 5, 11, generator=g),
        "rejected_logits": torch.randn(2, 5, 11, generator=g),
        "chosen_targets": torch.tensor([[1, 2, 3, IGNORE, IGNORE], [4, 5, 6, 7, 8]]),
        "rejected_targets": torch.tensor([[9, 10, IGNORE, IGNORE, IGNORE], [1, 1, 1, 1, IGNORE]]),
    }
    ref = {"chosen": torch.tensor([-9.0, -20.0]), "rejected": torch.tensor([-4.0, -6.0])}
    pc = sequence_logprob(out["chosen_logits"], out["chosen_targets"])
    pr = sequence_logprob(out["rejected_logits"], out["rejected_targets"])
    summed, _ = DPODefense(beta=0.3)(out, ref)
    assert summed.item() == pytest.approx(dpo_loss(pc, pr, ref["chosen"], ref["rejected"], 0.3).item())
    per_token, _ = DPODefense(beta=0.3, dpo_per_token=True)(out, ref)
    nc, nr = torch.tensor([3.0, 5.0]), torch.tensor([2.0, 4.0])
    expected = -torch.nn.functional.logsigmoid(0.3 * ((pc - ref["chosen"]) / nc - (pr - ref["rejected"]) / nr)).mean()
    assert per_token.item() == pytest.approx(expected.item()) and per_token.item() != pytest.approx(summed.item())
