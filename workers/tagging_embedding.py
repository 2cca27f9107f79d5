"""Top-level IPTC topic probabilities for English text from static word embeddings.

Cue words miss what they do not list; short texts (a headline and one sentence) often
contain no cue at all. Static embeddings generalise from the cues to their neighbours:
the text's token vectors (WordLlama "l2_supercat", 256 dimensions, MIT, shipped in the
`wordllama` wheel) are averaged and normalised, and a linear layer over that vector
(`data/tagging_topic_model_<language>.json`, trained by `benchmarks/tagging_train.py` on
IPTC Media Topic names and definitions, our own cue words and their WordNet definitions, no
news text) gives one probability per top-level topic. The weights are read straight from
the wheel's files (safetensors and a `tokenizers` config), without importing `wordllama`
itself, so nothing is downloaded and nothing else is loaded. The vectors are English-centric: other
languages are left to the cue words.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
# Languages with a trained layer. The vectors are English-centric: a German layer trained the
# same way helped dev pages but not test pages (and costs time), so it is not shipped.
MODEL_LANGUAGES = ("en",)
WORDLLAMA_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
WORDLLAMA_WEIGHTS = "weights/l2_supercat_256.safetensors"
# Enough of a long article to name its topic; more only costs time.
MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class TopicModel:
    classes: tuple[str, ...]
    weights: np.ndarray  # (dims, classes)
    bias: np.ndarray  # (classes,)
    scale: float


def wordllama_files() -> tuple[Path, Path]:
    """The tokenizer config and the embedding matrix inside the installed wheel."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("wordllama is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / WORDLLAMA_TOKENIZER, root / WORDLLAMA_WEIGHTS


@cache
def vectors():
    """(tokenizer, embedding matrix), loaded once per process; the matrix stays float16
    (16 MB per worker process) and only the rows a text uses are widened."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer_path, weights_path = wordllama_files()
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    matrix = load_file(str(weights_path))["embedding.weight"]
    return tokenizer, matrix


def embed(text: str) -> np.ndarray:
    """Mean of the text's token vectors, unit length (zeros for empty text)."""
    tokenizer, matrix = vectors()
    ids = tokenizer.encode(text[:MAX_CHARS], add_special_tokens=False).ids
    if not ids:
        return np.zeros(matrix.shape[1], dtype=np.float32)
    mean = matrix[np.asarray(ids, dtype=np.int64)].astype(np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


def model_file(language: str) -> Path:
    return DATA / f"tagging_topic_model_{language}.json"


@cache
def topic_model(language: str = "en") -> TopicModel:
    raw = json.loads(model_file(language).read_text(encoding="utf-8"))
    return TopicModel(tuple(raw["classes"]), np.asarray(raw["weights"], dtype=np.float32),
                      np.asarray(raw["bias"], dtype=np.float32), float(raw["scale"]))


def probabilities(vector: np.ndarray, model: TopicModel) -> np.ndarray:
    logits = (vector @ model.weights) * model.scale + model.bias
    logits = logits - logits.max()
    exp = np.exp(logits)
    return exp / exp.sum()


def topic_probabilities(text: str, language: str = "en") -> dict[str, float]:
    """Top-level IPTC code -> probability (sums to 1) for text in one of MODEL_LANGUAGES."""
    model = topic_model(language)
    probs = probabilities(embed(text), model)
    return {code: float(p) for code, p in zip(model.classes, probs, strict=True)}
