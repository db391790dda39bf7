"""Journey Miner: mine Hebrew and English customer feedback for customer-journey maps."""

__version__ = "0.1.0"
