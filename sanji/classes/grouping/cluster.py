"""Group unit-length word vectors into classes: average linkage on a sample, then assignment, in rounds.

This is the Buckshot scheme (Cutting et al., Scatter/Gather, 1992) with residual rounds. Each round takes the first
``sample_size`` rows still unplaced (the rows come in an order that depends on their words alone, by a hash),
clusters them by average linkage, cutting where the average cosine similarity inside a cluster would fall below
``threshold``, and then places every other unplaced row in the cluster whose members it resembles most on average,
if that average reaches ``threshold``. The average cosine similarity of a row ``x`` to a cluster's unit vectors is
``x`` times the cluster's mean vector, so a round costs one sparse product, linear in the rows. What no round places
stays alone. Linkage is quadratic in the sample only, so the whole is linear in the number of rows.
"""

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix, diags
from scipy.spatial.distance import squareform

from sanji.classes.grouping.settings import Settings

ASSIGN_CHUNK = 50_000
LINKAGE_BLOCK = 500


def cluster(vectors: csr_matrix, weights: np.ndarray, settings: Settings) -> np.ndarray:
    """Return a class number for each row of ``vectors`` (L2-normalised rows, ``weights`` = copies of each row).

    Rows earlier in ``vectors`` are sampled first.
    """
    labels = np.full(vectors.shape[0], -1, dtype=np.int64)
    unplaced = np.arange(vectors.shape[0], dtype=np.int64)
    next_label = 0
    for _ in range(settings.rounds):
        if unplaced.size == 0:
            break
        sample, rest = unplaced[: settings.sample_size], unplaced[settings.sample_size :]
        sample_labels = _average_linkage(vectors[sample], settings.threshold)
        labels[sample] = next_label + sample_labels
        count = int(sample_labels.max()) + 1
        means = _means(vectors[sample], weights[sample], sample_labels, count)
        best, similarity = _nearest(vectors[rest], means)
        placed = similarity >= settings.threshold
        labels[rest[placed]] = next_label + best[placed]
        next_label += count
        unplaced = rest[~placed]
    labels[unplaced] = next_label + np.arange(unplaced.size)
    return labels


def _average_linkage(vectors: csr_matrix, threshold: float) -> np.ndarray:
    """Return 0-based cluster numbers for the rows by average linkage on cosine distance, cut at ``1 - threshold``."""
    if vectors.shape[0] == 1:
        return np.zeros(1, dtype=np.int64)
    size = vectors.shape[0]
    distance = np.empty((size, size))
    transposed = vectors.T.tocsc()
    for start in range(0, size, LINKAGE_BLOCK):  # block by block: the sparse product of all rows at once is bigger
        distance[start : start + LINKAGE_BLOCK] = (vectors[start : start + LINKAGE_BLOCK] @ transposed).toarray()
    np.subtract(1.0, distance, out=distance)
    np.clip(distance, 0.0, 2.0, out=distance)
    np.fill_diagonal(distance, 0.0)
    condensed = squareform(distance, checks=False)
    del distance
    tree = linkage(condensed, method="average")
    found = fcluster(tree, t=1.0 - threshold, criterion="distance")
    _, numbered = np.unique(found, return_inverse=True)
    return numbered.astype(np.int64)


def _means(vectors: csr_matrix, weights: np.ndarray, labels: np.ndarray, count: int) -> csr_matrix:
    """Return each cluster's weighted mean row."""
    membership = csr_matrix((weights.astype(np.float64), (labels, np.arange(labels.size))), shape=(count, labels.size))
    totals = np.asarray(membership.sum(axis=1)).ravel()
    return csr_matrix(diags(1.0 / totals) @ membership @ vectors)


def _nearest(vectors: csr_matrix, means: csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Return, for each row, the mean it has the largest product with, and that product (0 when it meets none)."""
    best = np.zeros(vectors.shape[0], dtype=np.int64)
    similarity = np.zeros(vectors.shape[0])
    transposed = means.T.tocsc()
    for start in range(0, vectors.shape[0], ASSIGN_CHUNK):
        products = csr_matrix(vectors[start : start + ASSIGN_CHUNK] @ transposed)
        if products.nnz:
            best[start : start + ASSIGN_CHUNK] = np.asarray(products.argmax(axis=1)).ravel()
            similarity[start : start + ASSIGN_CHUNK] = products.max(axis=1).toarray().ravel()
    return best, similarity
