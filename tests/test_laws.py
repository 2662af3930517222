"""The published parameter sets and the derived constants quoted in FACTS.md."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chinchilla_lib import PUBLISHED_LAWS, ScalingLaw, reference


def test_registry_keys_are_the_documented_ones():
    assert set(PUBLISHED_LAWS) == {
        "hoffmann2022",
        "hoffmann2022_tex",
        "besiroglu2024",
        "besiroglu2024_huber_sum",
        "sardana2024",
        "muennighoff2023_c4",
    }


@pytest.mark.parametrize(
    ("key", "constants"),
    [
        ("hoffmann2022", (1.69, 406.4, 410.7, 0.34, 0.28)),
        ("hoffmann2022_tex", (1.69337, 406.401, 410.7228, 0.33917084, 0.2849083)),
        ("besiroglu2024", (1.8172, 482.01, 2085.43, 0.3478, 0.3658)),
        ("besiroglu2024_huber_sum", (1.817218, 477.8259, 2143.417, 0.3473105, 0.3671724)),
        ("sardana2024", (1.69, 406.4, 410.7, 0.336, 0.283)),
        ("muennighoff2023_c4", (math.exp(0.6254804), math.exp(6.255414), math.exp(7.3049974), 0.3526596, 0.3526596)),
    ],
)
def test_published_constants(key, constants):
    law = PUBLISHED_LAWS[key]
    assert (law.E, law.A, law.B, law.alpha, law.beta) == pytest.approx(constants, rel=1e-12)
    assert law.name == key


def test_every_law_is_cited_and_explained(published_law):
    assert "arXiv:" in published_law.citation
    assert len(published_law.note) > 40


def test_gamma_and_phi_of_the_calculator_post(hoffmann):
    # FACTS.md, seed post: gamma ≈ 0.519, phi ≈ 1.214 for the rounded constants.
    assert reference.get("hoffmann2022.gamma_rounded").agrees(hoffmann.gamma)
    assert reference.get("hoffmann2022.phi_rounded").agrees(hoffmann.phi)


def test_frontier_exponents(published_law):
    law = published_law
    assert law.a + law.b == pytest.approx(1.0, rel=1e-15)
    assert law.a == pytest.approx(law.beta / (law.alpha + law.beta))
    assert law.G == pytest.approx((law.alpha * law.A / (law.beta * law.B)) ** (1 / (law.alpha + law.beta)))


def test_approach3_exponents_of_table_2():
    # Table 2, Approach 3: N_opt ∝ C^0.46, D_opt ∝ C^0.54 (the TeX constants give these to two digits).
    law = PUBLISHED_LAWS["hoffmann2022_tex"]
    assert reference.series("hoffmann2022.table2_a")[2].agrees(law.a)
    assert reference.series("hoffmann2022.table2_b")[2].agrees(law.b)


def test_besiroglu_exponent():
    assert reference.get("besiroglu2024.a").agrees(PUBLISHED_LAWS["besiroglu2024"].a)


def test_chinchilla_loss_by_hand(hoffmann):
    expected = 1.69 + 406.4 / 70e9**0.34 + 410.7 / 1.4e12**0.28
    assert hoffmann.loss(70e9, 1.4e12) == pytest.approx(expected, rel=1e-15)


def test_loss_terms_sum_to_the_loss(hoffmann):
    e, model_term, data_term = hoffmann.loss_terms(70e9, 1.4e12)
    assert e == 1.69
    assert model_term == pytest.approx(406.4 / 70e9**0.34)
    assert e + model_term + data_term == pytest.approx(hoffmann.loss(70e9, 1.4e12), rel=1e-15)
    _, grid_model, grid_data = hoffmann.loss_terms([[1e9], [1e10]], [1e10, 1e11, 1e12])
    assert grid_model.shape == grid_data.shape == (2, 3)
    with pytest.raises(ValueError, match="tokens must be"):
        hoffmann.loss_terms(1e9, 0)


def test_loss_broadcasts_and_returns_types(hoffmann):
    assert type(hoffmann.loss(1e9, 2e10)) is float
    grid = hoffmann.loss(np.array([[1e8], [1e9]]), np.array([1e10, 1e11, 1e12]))
    assert grid.shape == (2, 3)
    assert np.all(np.diff(grid, axis=0) < 0)
    assert np.all(np.diff(grid, axis=1) < 0)
    with pytest.raises(ValueError, match="broadcast"):
        hoffmann.loss([1e9, 2e9], [1e10, 1e11, 1e12])


def test_laws_are_immutable_and_replace_marks_the_copy(hoffmann):
    with pytest.raises(AttributeError):
        hoffmann.alpha = 0.3  # type: ignore[misc]
    modified = hoffmann.replace(alpha=0.3392)
    assert modified.name == "hoffmann2022 (modified)"
    assert "(modified)" in modified.note
    assert "(modified)" in modified.citation
    assert modified.label == "Hoffmann 2022, Approach 3 (rounded) (modified)"
    assert "(modified)" in modified.__doc__
    assert modified.alpha == 0.3392
    assert hoffmann.alpha == 0.34
    assert hoffmann.replace(note="x").name == "hoffmann2022"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("alpha", 0.0, ValueError),
        ("beta", -0.28, ValueError),
        ("A", float("nan"), ValueError),
        ("B", float("inf"), ValueError),
        ("E", -1.0, ValueError),
        ("alpha", "0.34", TypeError),
        ("A", None, TypeError),
        ("beta", True, TypeError),
        ("E", 1j, TypeError),
        ("alpha", [0.3, 0.4], TypeError),
    ],
)
def test_bad_constants_are_refused_with_their_name(field, value, error):
    constants = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
    constants[field] = value
    with pytest.raises(error, match=field):
        ScalingLaw(**constants)


def test_zero_irreducible_loss_is_allowed():
    assert ScalingLaw(E=0.0, A=1.0, B=1.0, alpha=0.5, beta=0.5).loss(1.0, 1.0) == 2.0


def test_str_names_the_law_and_its_source(hoffmann):
    text = str(hoffmann)
    assert "hoffmann2022" in text
    assert "406.4" in text
    assert "arXiv:2203.15556" in text
