"""Routes: every stop once, closed at the base, never longer than the given order."""

import math
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jinye.engines.routing import distance_matrix, order_stops, tour_length

BASE = (32.6, 110.8)


def test_haversine_one_degree_of_latitude_is_about_111_km():
    m = distance_matrix(np.array([[32.0, 110.0], [33.0, 110.0]]))
    assert 111_000 < m[0, 1] < 111_400 and m[1, 0] == m[0, 1] and m[0, 0] == 0


def test_tour_length_by_hand():
    m = np.array([[0, 1, 5], [1, 0, 2], [5, 2, 0]])
    assert tour_length([0, 1], m) == 1 + 2 + 5


def _check(base, stops, route):
    matrix = distance_matrix(np.array([base, *stops]))
    assert sorted(route.order) == list(range(len(stops)))
    assert route.length_m == tour_length(route.order, matrix)
    assert route.length_m <= tour_length(list(range(len(stops))), matrix)


def test_solver_beats_a_scrambled_circle():
    rng = random.Random(3)
    stops = [
        (BASE[0] + 0.05 * math.sin(a), BASE[1] + 0.05 * math.cos(a))
        for a in (2 * math.pi * k / 20 for k in range(20))
    ]
    rng.shuffle(stops)
    route = order_stops(BASE, stops, time_limit=0.3)
    _check(BASE, stops, route)
    matrix = distance_matrix(np.array([BASE, *stops]))
    assert route.method == "pyvrp"
    assert route.length_m < 0.7 * tour_length(list(range(20)), matrix)


def test_fallback_when_solver_is_off():
    rng = random.Random(5)
    stops = [
        (BASE[0] + rng.uniform(-0.1, 0.1), BASE[1] + rng.uniform(-0.1, 0.1)) for _ in range(25)
    ]
    route = order_stops(BASE, stops, use_solver=False)
    _check(BASE, stops, route)
    assert route.method in {"nn-2opt", "given"}


def test_an_already_optimal_order_is_kept():
    stops = [(BASE[0] + 0.01 * k, BASE[1]) for k in range(1, 6)]
    route = order_stops(BASE, stops, time_limit=0.1)
    _check(BASE, stops, route)
    matrix = distance_matrix(np.array([BASE, *stops]))
    assert route.length_m == tour_length(list(range(5)), matrix)


coords = st.tuples(st.floats(32.0, 32.3), st.floats(110.0, 110.3))


@settings(max_examples=25, deadline=None)
@given(coords, st.lists(coords, min_size=0, max_size=15), st.booleans())
def test_route_property(base, stops, use_solver):
    route = order_stops(base, stops, time_limit=0.05, use_solver=use_solver)
    _check(base, stops, route)
