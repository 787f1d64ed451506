"""`flask bench signins`: a crowd signing in at once on the app under gunicorn."""

import json


def test_a_storm_of_each_kind_signs_everyone_in_and_upgrades_the_old_hashes(app,
                                                                            database_args):
    result = app.test_cli_runner().invoke(args=[
        "bench", "signins", "--count", "6", "--runs", "1", *database_args])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert (summary["count"], summary["runs"], summary["web_workers"]) == (6, 1, 2)
    for kind in ("argon2id", "scrypt"):
        (storm,) = summary["storms"][kind]
        assert storm["seconds"] > 0 and storm["max_s"] >= storm["p50_s"] > 0
        # Every account signed in, and the scrypt ones now hold Argon2id hashes.
        assert storm["argon2id_hashes_after"] == 6
    assert summary["within_target"] is True
    assert summary["scrypt_over_argon2id"] == round(
        summary["median_s"]["scrypt"] / summary["median_s"]["argon2id"], 2)
