import logging

from config import startup


def test_without_a_broker_the_server_says_once_that_tasks_run_in_process(caplog, monkeypatch):
    monkeypatch.setattr(startup, "_announced", False)

    with caplog.at_level(logging.INFO, logger="souk"):
        startup.announce_task_mode()
        startup.announce_task_mode()

    messages = [record.getMessage() for record in caplog.records if record.name == "souk"]
    assert messages == ["No REDIS_URL set: Celery tasks run in process, synchronously."]
