"""Pain points: clusters of negative opinion units about one problem, across Hebrew and English.

cleaning    what the encoder sees (no handles, links, emoji, brands) and per-language centring
features    cluster_features: centred vectors + the journey heads' touchpoint/emotion probabilities
discover    PainPointClusterer: Leiden communities on a kNN graph, nearest-centroid assignment
keywords, labels   words, Hebrew prefix letters, stopwords, c-TF-IDF labels in both languages
describe, refresh  size, share, mix, severity, quotes, trend, growing; stored in details
stability   matching new clusters to stored pain points (Hungarian), new ids
mine        mine_pain_points: full or incremental, keeping analyst state
edits       the analyst's rename / merge / split / dismiss / move, with audit entries
output, cli_commands, evaluation   pain_points.json, the CLI, `miner eval-clusters`
"""
