"""Attacks for evaluation, one file each, all in the ``EVAL_ATTACKS`` registry.

=====================  ==============================================================================
``direct``             the request as is
``prefill``            the answer is forced to start "Sure, here is"; the model continues
``many_shot``          k faux turns of (content-free) compliance in the context
``gcg``                adversarial suffix by greedy coordinate gradient (our implementation)
``latent``             test-time latent PGD at an ε grid, generation under δ
``embedding``          the same on the token embeddings
``refusal_direction``  the harmful−harmless direction projected out of the residual stream
``rephrase``           rewritten requests: past tense, paraphrase, hypothetical, fiction, table
``finetune``           fine-tune a copy k steps on a corpus (unrelated text; harmful pairs), re-evaluate
``relearn``            unlearning: fine-tune on half the forget entities' text, MC on the other half
``knowledge``          unlearning: MC accuracy on forget (and retain) questions (complied = correct)
``knowledge_open``     unlearning: the question answered freely; correct when the answer's text appears
``knowledge_fewshot``  unlearning: the same after k answered questions about other entities
``knowledge_prefill``  unlearning: the same with the answer forced to start "The answer is"
``knowledge_latent``   unlearning: a latent steering vector toward the correct answers (fit on half a)
``trigger``            a backdoor's trigger: true, moved, partial, near misses, none (backdoors experiment)
=====================  ==============================================================================
"""

from lat.evals.attacks import (  # noqa: F401  (register)
    direct,
    gcg,
    knowledge,
    latent,
    many_shot,
    prefill,
    refusal_direction,
    relearn,
    rephrase,
    trigger,
)
from lat.evals.attacks.base import EVAL_ATTACKS, EvalAttack, EvalContext, judge_rows, make_attack, make_row

__all__ = ["EVAL_ATTACKS", "EvalAttack", "EvalContext", "judge_rows", "make_attack", "make_row"]
