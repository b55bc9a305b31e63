"""Daily visit routes: order a day's stops into a short closed tour from the manager's base.

Distances are haversine great-circle metres, rounded to integers. The tour is solved with
PyVRP (one vehicle, start and end at the base) under a short time limit; if PyVRP is not
importable, nearest-neighbour + 2-opt is used. Whatever the method, the returned order is
never longer than the order the stops were given in: the shorter of the two is kept.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_M = 6_371_000.0


@dataclass(frozen=True)
class Route:
    """``order``: indices into the given stops, in visiting order (each exactly once).
    ``length_m``: base → stops → base, in metres. ``method``: how the order was found."""

    order: list[int]
    length_m: int
    method: str


def distance_matrix(points: np.ndarray) -> np.ndarray:
    """Integer haversine metres between every pair of ``points`` (rows of latitude, longitude
    in degrees). Symmetric, zero diagonal."""
    rad = np.radians(np.asarray(points, dtype=float).reshape(-1, 2))
    lat, lon = rad[:, 0][:, None], rad[:, 1][:, None]
    dlat = lat - lat.T
    dlon = lon - lon.T
    a = np.sin(dlat / 2) ** 2 + np.cos(lat) * np.cos(lat.T) * np.sin(dlon / 2) ** 2
    return np.rint(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))).astype(np.int64)


def tour_length(order: Sequence[int], matrix: np.ndarray) -> int:
    """Length of base → stops in ``order`` → base; ``matrix`` row/column 0 is the base and
    stop i is row i + 1."""
    nodes = [0, *(i + 1 for i in order), 0]
    return int(sum(matrix[a, b] for a, b in zip(nodes, nodes[1:], strict=False)))


def _nearest_neighbour_two_opt(matrix: np.ndarray) -> list[int]:
    n = matrix.shape[0] - 1
    left = set(range(1, n + 1))
    tour = [0]
    while left:
        here = tour[-1]
        nxt = min(left, key=lambda j: (matrix[here, j], j))
        tour.append(nxt)
        left.remove(nxt)
    tour.append(0)
    improved = True
    while improved:
        improved = False
        for i in range(1, len(tour) - 2):
            for k in range(i + 1, len(tour) - 1):
                a, b, c, d = tour[i - 1], tour[i], tour[k], tour[k + 1]
                if matrix[a, c] + matrix[b, d] < matrix[a, b] + matrix[c, d]:
                    tour[i : k + 1] = reversed(tour[i : k + 1])
                    improved = True
    return [node - 1 for node in tour[1:-1]]


def _pyvrp_order(matrix: np.ndarray, time_limit: float, iterations: int, seed: int) -> list[int]:
    from pyvrp import Model
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

    model = Model()
    locations = [model.add_location(x=float(i), y=0.0) for i in range(matrix.shape[0])]
    model.add_depot(locations[0])
    model.add_vehicle_type(num_available=1)
    for location in locations[1:]:
        model.add_client(location)
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            model.add_edge(frm, to, distance=int(matrix[i, j]))
    stop = MultipleCriteria([MaxRuntime(time_limit), MaxIterations(iterations)])
    result = model.solve(stop=stop, seed=seed, display=False, collect_stats=False)
    route = result.best.routes()[0]
    return [activity.idx for activity in route if activity.is_client()]


def order_stops(
    base: tuple[float, float],
    stops: Sequence[tuple[float, float]],
    *,
    time_limit: float = 0.2,
    max_iterations: int = 500,
    seed: int = 0,
    use_solver: bool = True,
) -> Route:
    """Order ``stops`` (latitude, longitude) into a short tour from and back to ``base``.

    The result visits every stop exactly once; its length is ≤ the length of the stops in
    the given order. The solver stops at ``time_limit`` seconds or ``max_iterations``
    (whichever comes first; the same inputs and ``seed`` give the same route when the
    iteration cap binds). ``use_solver=False`` forces the nearest-neighbour + 2-opt fallback.
    """
    n = len(stops)
    given = list(range(n))
    if n == 0:
        return Route(order=[], length_m=0, method="empty")
    matrix = distance_matrix(np.array([base, *stops], dtype=float))
    if n <= 2:
        return Route(order=given, length_m=tour_length(given, matrix), method="trivial")
    method = "pyvrp"
    try:
        if not use_solver:
            raise ImportError
        candidate = _pyvrp_order(matrix, time_limit, max_iterations, seed)
    except ImportError:
        method = "nn-2opt"
        candidate = _nearest_neighbour_two_opt(matrix)
    if sorted(candidate) != given:  # a solver answer that drops or repeats a stop is unusable
        method, candidate = "nn-2opt", _nearest_neighbour_two_opt(matrix)
    length, given_length = tour_length(candidate, matrix), tour_length(given, matrix)
    if given_length <= length:
        return Route(order=given, length_m=given_length, method="given")
    return Route(order=candidate, length_m=length, method=method)
