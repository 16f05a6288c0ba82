"""``gcg``: Greedy Coordinate Gradient adversarial suffix (Zou et al. 2023, arXiv 2307.15043), our implementation.

Per request, a suffix of ``suffix_length`` tokens is appended to the user message and optimised so the model's
answer starts with a compliant target ("Sure, here is"). Each step:

1. token gradient: the suffix is a one-hot matrix ``[n, vocab]`` times the embedding matrix; the gradient of the
   target's cross-entropy w.r.t. the one-hot entries ranks, per position, which token swaps should lower the loss;
2. candidates: ``search_width`` copies of the suffix, each with one random position swapped for one of that
   position's ``topk`` best tokens (only printable ASCII, non-special tokens; candidates that do not survive
   decode → re-encode are dropped, so the text we send is the suffix we optimised);
3. batch evaluation: the exact loss of every candidate in forward passes of ``eval_batch_size``; the best becomes the
   current suffix (even if worse than the last, as in the paper) and the best-ever suffix is kept.

The final suffix is sent as text through the normal chat template and the answer generated greedily.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from lat.data.generate import generate
from lat.data.tokenize import encode_prompts_left, render_prompt
from lat.errors import LatError
from lat.evals.attacks.base import EVAL_ATTACKS, EvalAttack, EvalContext, judge_rows, make_row
from lat.hooks.layers import unwrap_model
from lat.models.modes import frozen
from lat.objectives.forward import accepts_logits_to_keep

PLACEHOLDER = "{optim_str}"


@dataclass
class GCGConfig:
    steps: int = 100  # optimisation steps per request (HarmBench uses 500)
    search_width: int = 128  # candidates evaluated per step
    topk: int = 128  # tokens considered per suffix position
    suffix_length: int = 20  # suffix tokens
    target: str = "Sure, here is"  # the compliant opening the suffix is optimised toward (a record's "target" wins)
    init_token: str = "!"  # the suffix starts as this token repeated
    eval_batch_size: int = 64  # candidates per forward pass
    filter_retokenization: bool = True  # drop candidates whose text re-tokenises differently

    def __post_init__(self) -> None:
        for key in ("steps", "search_width", "topk", "suffix_length", "eval_batch_size"):
            if getattr(self, key) < 1 and not (key == "steps" and getattr(self, key) == 0):
                raise LatError(f"gcg.{key} must be positive, got {getattr(self, key)}")


@functools.lru_cache(maxsize=8)
def _allowed_mask(tokenizer: Any, vocab: int) -> torch.Tensor:
    """``[vocab]`` True for tokens GCG may place: printable ASCII text, not a special token."""
    allowed = torch.zeros(vocab, dtype=torch.bool)
    special = set(tokenizer.all_special_ids)
    for i in range(min(vocab, len(tokenizer))):
        if i in special:
            continue
        text = tokenizer.decode([i])
        allowed[i] = bool(text) and text.isascii() and text.isprintable() and text.strip() != ""
    return allowed


class _Problem:
    """One request's token layout: ``before + suffix + after + target`` and the loss on the target tokens."""

    def __init__(self, model: Any, tokenizer: Any, request: str, target: str) -> None:
        text = render_prompt(tokenizer, request + PLACEHOLDER)
        if text.count(PLACEHOLDER) != 1:
            raise LatError("the chat template changed the GCG placeholder; cannot place the suffix")
        before, after = text.split(PLACEHOLDER)
        ids = lambda s: tokenizer(s, add_special_tokens=False)["input_ids"]  # noqa: E731
        device = next(model.parameters()).device
        self.before = torch.tensor(ids(before), device=device)
        self.after = torch.tensor(ids(after), device=device)
        self.target = torch.tensor(ids(target), device=device)
        self.model = model
        self.use_keep = accepts_logits_to_keep(type(unwrap_model(model)))

    def _span(self, n_suffix: int) -> torch.Tensor:
        start = len(self.before) + n_suffix + len(self.after)  # the first target position
        return torch.arange(
            start - 1, start - 1 + len(self.target), device=self.target.device
        )  # positions predicting it

    def _logits(self, kwargs: dict[str, Any], keep: torch.Tensor) -> torch.Tensor:
        if self.use_keep:
            return self.model(**kwargs, use_cache=False, logits_to_keep=keep).logits  # [b, T, vocab]
        return self.model(**kwargs, use_cache=False).logits[:, keep]

    def token_gradient(self, suffix: torch.Tensor) -> tuple[torch.Tensor, float]:
        """∂loss/∂one_hot ``[n, vocab]`` for the current suffix ``[n]``, and the loss."""
        emb = self.model.get_input_embeddings()
        weight = emb.weight  # [vocab, d]
        one_hot = F.one_hot(suffix, weight.shape[0]).to(weight.dtype).requires_grad_(True)  # [n, vocab]
        embeds = torch.cat([emb(self.before), one_hot @ weight, emb(self.after), emb(self.target)]).unsqueeze(0)
        logits = self._logits({"inputs_embeds": embeds}, self._span(len(suffix)))  # [1, T, vocab]
        loss = F.cross_entropy(logits[0].float(), self.target)
        (grad,) = torch.autograd.grad(loss, one_hot)
        return grad, float(loss.detach())

    @torch.no_grad()
    def losses(self, candidates: torch.Tensor, batch_size: int) -> torch.Tensor:
        """Target cross-entropy of each candidate suffix ``[c, n] -> [c]``."""
        out = []
        keep = self._span(candidates.shape[1])
        for start in range(0, len(candidates), batch_size):
            cand = candidates[start : start + batch_size]
            b = len(cand)
            ids = torch.cat([self.before.expand(b, -1), cand, self.after.expand(b, -1), self.target.expand(b, -1)], 1)
            logits = self._logits({"input_ids": ids}, keep).float()  # [b, T, vocab]
            ce = F.cross_entropy(logits.transpose(1, 2), self.target.expand(b, -1), reduction="none")  # [b, T]
            out.append(ce.mean(-1))
        return torch.cat(out)


def sample_candidates(
    suffix: torch.Tensor, grad: torch.Tensor, allowed: torch.Tensor, width: int, topk: int, generator: torch.Generator
) -> torch.Tensor:
    """``width`` single-token swaps of ``suffix [n]``, each from a position's ``topk`` best tokens: ``[width, n]``."""
    grad = grad.clone()
    grad[:, ~allowed.to(grad.device)] = float("inf")
    top = (-grad).topk(min(topk, int(allowed.sum())), dim=1).indices.cpu()  # [n, k]
    n = len(suffix)
    pos = torch.randint(0, n, (width,), generator=generator)  # [width]
    pick = torch.randint(0, top.shape[1], (width,), generator=generator)  # [width]
    cands = suffix.cpu().repeat(width, 1)
    cands[torch.arange(width), pos] = top[pos, pick]
    return cands.to(suffix.device)


def retokenizes(tokenizer: Any, candidates: torch.Tensor) -> torch.Tensor:
    """``[c]`` True where decoding the suffix and re-encoding it gives the same tokens."""
    texts = tokenizer.batch_decode(candidates.tolist())
    return torch.tensor(
        [tokenizer(t, add_special_tokens=False)["input_ids"] == c for t, c in zip(texts, candidates.tolist())],
        dtype=torch.bool,
    )


def optimize_suffix(
    model: Any, tokenizer: Any, request: str, target: str, config: GCGConfig, seed: int = 0
) -> dict[str, Any]:
    """Run GCG on one request; returns the best suffix text/ids and the loss curve (``losses[0]`` = initial)."""
    problem = _Problem(model, tokenizer, request, target)
    vocab = model.get_input_embeddings().weight.shape[0]
    allowed = _allowed_mask(tokenizer, vocab)
    init_ids = tokenizer(config.init_token, add_special_tokens=False)["input_ids"]
    if len(init_ids) != 1:
        raise LatError(f"gcg.init_token '{config.init_token}' is not a single token for this tokenizer")
    device = problem.target.device
    suffix = torch.full((config.suffix_length,), init_ids[0], dtype=torch.long, device=device)
    generator = torch.Generator().manual_seed(seed)
    losses: list[float] = []
    best_ids, best_loss = suffix.clone(), float("inf")
    with frozen(model):
        for _ in range(config.steps):
            grad, loss = problem.token_gradient(suffix)
            if not losses:
                losses.append(loss)  # the initial suffix's loss
                best_loss = loss
            cands = sample_candidates(suffix, grad, allowed, config.search_width, config.topk, generator)
            if config.filter_retokenization:
                ok = retokenizes(tokenizer, cands)
                if ok.any():  # if none survive (rare, tiny vocabularies) keep them all rather than stall
                    cands = cands[ok.to(cands.device)]
            cand_losses = problem.losses(cands, config.eval_batch_size)
            i = int(cand_losses.argmin())
            suffix = cands[i]
            losses.append(float(cand_losses[i]))
            if losses[-1] < best_loss:
                best_loss, best_ids = losses[-1], suffix.clone()
        if not losses:
            with torch.no_grad():
                best_loss = float(problem.losses(suffix.unsqueeze(0), 1)[0])
            losses.append(best_loss)
    return {
        "suffix": tokenizer.decode(best_ids.tolist()),
        "suffix_ids": best_ids.tolist(),
        "losses": losses,
        "best_loss": best_loss,
        "before_len": len(problem.before),
    }


@EVAL_ATTACKS.register("gcg", "adversarial suffix by greedy coordinate gradient (Zou et al. 2023)")
class GCGAttack(EvalAttack):
    name = "gcg"
    Config = GCGConfig

    def run(self, model: Any, tokenizer: Any, prompts: list[dict[str, Any]], ctx: EvalContext) -> list[dict[str, Any]]:
        results, sent = [], []
        for k, p in enumerate(prompts):
            target = str(p.get("target") or self.config.target)
            res = optimize_suffix(model, tokenizer, p["prompt"], target, self.config, seed=ctx.seed + k)
            results.append((target, res))
            sent.append(p["prompt"] + res["suffix"])
            ctx.log(f"gcg {p.get('id')}: loss {res['losses'][0]:.3f} -> {res['best_loss']:.3f}")
        outs = generate(
            model, tokenizer, sent, ctx.max_new_tokens, ctx.generation_batch_size, progress=ctx.progress, desc="gcg"
        )
        rows = []
        for p, text, (target, res), out in zip(prompts, sent, results, outs):
            # Does the text we sent tokenise to exactly the ids we optimised? (audit: True on most tokenizers)
            ids = encode_prompts_left(tokenizer, [text])["input_ids"][0].tolist()
            b = res["before_len"]
            exact = ids[b : b + len(res["suffix_ids"])] == res["suffix_ids"]
            rows.append(
                make_row(
                    p,
                    self.name,
                    text,
                    out,
                    suffix=res["suffix"],
                    target=target,
                    losses=res["losses"],
                    best_loss=res["best_loss"],
                    retokenized_exact=exact,
                )
            )
        return judge_rows(rows, ctx)
