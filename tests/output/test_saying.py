"""sim.output.saying: messages kept as a key and values, said in the reader's language."""

from __future__ import annotations

import logging


def test_the_librarys_log_warnings_are_said_in_the_readers_language() -> None:
    """A worker that dies is logged by the experiment layer in English; the command line's
    formatter says it in Chinese under ``--lang zh``."""
    from sim.output.saying import LogWords

    record = logging.LogRecord("sim.experiment.runs", logging.WARNING, __file__, 1,
                               "a worker process died; %d runs left, retry %d of %d",
                               (4, 1, 3), None)  # fmt: skip
    text = LogWords("zh").format(record)
    assert text.startswith("警告：") and "还剩 4 次运行" in text and "died" not in text
    assert "sim.experiment" not in text  # the logger's name is for --debug (DEBUG_FORMAT)
    debug = LogWords("zh", debug=True).format(record)
    assert debug == "WARNING sim.experiment.runs: a worker process died; 4 runs left, retry 1 of 3"
    # one run left: the singular template (sim.experiment.workers), said in Chinese too
    one = logging.LogRecord("sim.experiment.runs", logging.WARNING, __file__, 1,
                            "a worker process died; %d run left, retry %d of %d",
                            (1, 1, 3), None)  # fmt: skip
    assert "还剩 1 次运行" in LogWords("zh").format(one)
    assert LogWords("en").format(one) == "warning: a worker process died; 1 run left, retry 1 of 3"


def test_a_said_message_survives_a_trip_to_a_worker_and_back() -> None:
    """Errors can cross process boundaries (a worker's refusal): the message keeps its key."""
    import pickle

    from sim.output.saying import in_lang, said

    m = said("err:compare_two", n=1)
    back = pickle.loads(pickle.dumps(m))
    assert back == m and in_lang(back, "zh") == "compare 至少需要两个情景，只给了 1 个"


def test_a_message_keeps_its_key_and_values_and_other_text_stays_as_it_is() -> None:
    """A said message reads as its English, and again in Chinese from its key and values; text
    no template reads (a user's own words, a path) is never translated; a log line whose
    template the glossary does not know is said in its English."""
    from sim.output.saying import LogWords, in_lang, said

    m = said("err:compare_two", n=3)
    assert str(m) == in_lang(m, "en") == "compare needs at least two scenarios, got 3"
    assert m.key == "err:compare_two" and m.fields == {"n": 3}
    assert in_lang(m, "zh") == "compare 至少需要两个情景，只给了 3 个"
    assert in_lang("my own words: as they are", "zh") == "my own words: as they are"
    record = logging.LogRecord("sim.x", logging.WARNING, __file__, 1, "plain %s", ("a",), None)
    assert LogWords("zh").format(record) == "警告：plain a"
    assert LogWords("en").format(record) == "warning: plain a"
