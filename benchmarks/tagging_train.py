"""Train the linear topic layers over WordLlama vectors: workers/data/tagging_topic_model_*.json.

    .venv/bin/python benchmarks/tagging_train.py

One model per language in MODEL_LANGUAGES (English). No news text is used (no BBC, no AG News, no
shared-corpus page). The examples are
- every live IPTC Media Topic's name, definition, and both together in that language,
  labelled with its top-level ancestor (IPTC Media Topics, CC BY 4.0,
  workers/data/iptc_mediatopics.json);
- every cue word and phrase of that language in workers/tagging_lexicon.py (written for
  Wirestream), labelled with its topic and weighted by its cue weight;
- for English, "cue: definition" for every cue that WordNet 3.1 defines (the cue's most
  frequent sense, workers/data/tagging_cue_glosses_en.json, built by
  benchmarks/build_tagging_data.py): sentences put the cue among the everyday words that
  describe it, which short news texts use more than the cue itself.
Multinomial logistic regression, full-batch gradient descent from zeros with fixed steps:
the same inputs give the same weights, byte for byte.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workers.tagging_embedding import MODEL_LANGUAGES, embed, model_file  # noqa: E402
from workers.tagging_lexicon import CUES  # noqa: E402

IPTC = ROOT / "workers" / "data" / "iptc_mediatopics.json"
GLOSSES = ROOT / "workers" / "data" / "tagging_cue_glosses_{language}.json"
SCALE = 5.0  # logits = scale * (unit vector @ weights) + bias: cosine-like inputs need a gain
L2 = 1e-3
STEPS = 300
LEARNING_RATE = 2.0
# A definition counts this many times its cue's weight (as much as the cue itself weighs:
# 1.5 times); chosen on the dev pages from 0.5-6, where the layer alone did best.
GLOSS_WEIGHT = 3.0


def examples(language: str = "en") -> tuple[list[str], list[str], list[float]]:
    texts: list[str] = []
    labels: list[str] = []
    weights: list[float] = []
    for topic in json.loads(IPTC.read_text(encoding="utf-8"))["topics"]:
        name = topic["name"].get(language, "")
        definition = topic["definition"].get(language, "")
        for text in (name, definition, f"{name}. {definition}"):
            if text.strip(" ."):
                texts.append(text)
                labels.append(topic["top"])
                weights.append(1.0)
    for code, by_language in CUES.items():
        for item in by_language[language].split():
            term, _, weight = item.rpartition(":") if ":" in item[1:] else (item, "", "1")
            if float(weight) <= 0:
                continue
            texts.append(term.replace("_", " ").strip("*"))
            labels.append(code)
            weights.append(float(weight) / 2)
    glosses = Path(str(GLOSSES).format(language=language))
    if glosses.exists():
        raw = json.loads(glosses.read_text(encoding="utf-8"))["glosses"]
        for code in sorted(raw):
            for term, weight, definition in raw[code]:
                texts.append(f"{term}: {definition}")
                labels.append(code)
                weights.append(GLOSS_WEIGHT * weight / 2)
    return texts, labels, weights


def train(x: np.ndarray, y: np.ndarray, w: np.ndarray, classes: int) -> tuple:
    n, dims = x.shape
    weights = np.zeros((dims, classes))
    bias = np.zeros(classes)
    one_hot = np.eye(classes)[y]
    w = w / w.mean()
    for _ in range(STEPS):
        logits = SCALE * (x @ weights) + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - one_hot) * w[:, None] / n
        weights -= LEARNING_RATE * (SCALE * x.T @ grad + L2 * weights)
        bias -= LEARNING_RATE * grad.sum(axis=0)
    accuracy = float((np.argmax(SCALE * (x @ weights) + bias, axis=1) == y).mean())
    return weights, bias, accuracy


def fit(language: str) -> tuple[dict, int, float]:
    """The model for one language, the number of examples and the training accuracy."""
    texts, labels, sample_weights = examples(language)
    classes = sorted(set(labels))
    index = {code: i for i, code in enumerate(classes)}
    x = np.stack([embed(t) for t in texts]).astype(np.float64)
    y = np.array([index[code] for code in labels])
    weights, bias, accuracy = train(x, y, np.array(sample_weights), len(classes))
    model = {
        "about": f"Linear layer over WordLlama l2_supercat 256-d mean vectors of {language} "
                 "text -> IPTC top-level topics; built by benchmarks/tagging_train.py",
        "training_data": f"IPTC Media Topics names and definitions in {language} (CC BY 4.0, "
                         f"IPTC), Wirestream's {language} cue words and, for English, their "
                         "WordNet 3.1 definitions; no news articles",
        "licence": "Apache-2.0 (weights); derived in part from IPTC Media Topics, CC BY 4.0, "
                   "and from WordNet 3.1 (Princeton University, WordNet licence; notice in "
                   "workers/data/tagging_cue_glosses_en.json)",
        "scale": SCALE,
        "classes": classes,
        "weights": [[round(float(v), 5) for v in row] for row in weights],
        "bias": [round(float(v), 5) for v in bias],
    }
    return model, len(texts), accuracy


def main() -> None:
    for language in MODEL_LANGUAGES:
        model, count, accuracy = fit(language)
        path = model_file(language)
        path.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{language}: {count} examples, {len(model['classes'])} classes, "
              f"training accuracy {accuracy:.1%} -> {path}")


if __name__ == "__main__":
    main()
