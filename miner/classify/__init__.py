"""Journey classification: stage, touchpoint, sentiment (+ score) and emotion per unit,
and a roll-up per record."""

from miner.classify.classifier import JourneyClassifier, text_for_encoding
from miner.classify.labels import RecordLabels, UnitLabels
from miner.classify.rollup import roll_up_record

__all__ = ["JourneyClassifier", "RecordLabels", "UnitLabels", "roll_up_record", "text_for_encoding"]
