"""The deployment files name modules, services and health checks that must
exist. Docker is not needed: Dockerfile and docker-compose.yml are parsed and
every name they use is resolved against this code base.

Health checks: every service has one, except the services listed in
HEALTHCHECK_EXEMPT with the reason. The worker answers `celery inspect ping`;
beat is not a worker and answers no ping, so it is exempt (and says so in the
compose file with `healthcheck: {disable: true}`); `migrate` and `s3-buckets`
are one-off jobs.
"""

import fnmatch
import importlib
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands
from django.urls import resolve
from gunicorn.config import Config as GunicornConfig

import config
from marketplace.health import healthz

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_FILE = ROOT / "config" / "settings.py"

REQUIRED_SERVICES = {"web", "worker", "beat", "db", "redis", "s3"}
APP_SERVICES = ("web", "worker", "beat")
HEALTHCHECK_EXEMPT = {
    "beat": "not a worker, answers no `celery inspect ping`; it is the container's main process, "
    "so when it dies the container stops and its restart policy starts it again",
    "migrate": "one-off job that exits; its dependents wait for service_completed_successfully",
    "s3-buckets": "one-off job that exits; its dependents wait for service_completed_successfully",
}
DEPENDS_ON_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
# Environment variables the app services may set that config/settings.py does not read.
NON_SETTINGS_ENV = {
    "WEB_CONCURRENCY": "gunicorn's number of worker processes",
    "PROMETHEUS_MULTIPROC_DIR": "prometheus-client's folder for the counts of several processes",
}
WEASYPRINT_LIBS = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


COMPOSE = load_compose()
SERVICES: dict = COMPOSE["services"]


def argv(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def gunicorn_app_spec(args: list[str]) -> tuple[str, object]:
    """Parse a gunicorn command line with gunicorn's own parser."""
    assert args[0] == "gunicorn", f"not a gunicorn command: {args}"
    options = GunicornConfig().parser().parse_args(args[1:])
    assert len(options.args) == 1, f"gunicorn needs exactly one APP_MODULE, got {options.args}"
    return options.args[0], options


def resolve_wsgi(spec: str):
    """`package.module:attr` as gunicorn loads it: import the module, fetch the attribute."""
    module_name, _, attribute = spec.partition(":")
    assert module_name and attribute, f"{spec!r} is not of the form module:attribute"
    module = importlib.import_module(module_name)
    assert hasattr(module, attribute), f"{module_name} has no attribute {attribute!r}"
    application = getattr(module, attribute)
    assert callable(application), f"{spec} is not a WSGI callable"
    return application


def celery_app_option(args: list[str]) -> str:
    for index, arg in enumerate(args):
        if arg in ("-A", "--app"):
            return args[index + 1]
        if arg.startswith("--app="):
            return arg.split("=", 1)[1]
    raise AssertionError(f"no -A/--app in celery command {args}")


def healthcheck_enabled(service: dict) -> bool:
    check = service.get("healthcheck")
    return bool(check) and not check.get("disable") and check.get("test") not in (None, ["NONE"], "NONE")


def depends_on(service: dict) -> dict[str, dict]:
    value = service.get("depends_on") or {}
    if isinstance(value, list):
        return {name: {"condition": "service_started"} for name in value}
    return value


def environment(service: dict) -> dict[str, str]:
    value = service.get("environment") or {}
    if isinstance(value, list):
        return dict(item.split("=", 1) for item in value)
    return {key: "" if item is None else str(item) for key, item in value.items()}


def without_interpolation(value: str) -> str:
    """Drop ${VAR...} parts: what is left is what holds whatever the operator sets."""
    return re.sub(r"\$\{[^}]*\}", "", value)


def settings_env_names() -> set[str]:
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z0-9_]+)[\"']", SETTINGS_FILE.read_text()))


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comments dropped."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = (pending + stripped).strip()
        pending = ""
        if full:
            keyword, _, rest = full.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def dockerfile(keyword: str) -> list[str]:
    return [rest for instruction, rest in dockerfile_instructions() if instruction == keyword]


# docker-compose.yml ----------------------------------------------------------


def test_compose_defines_the_required_services():
    assert set(SERVICES) >= REQUIRED_SERVICES, f"missing: {sorted(REQUIRED_SERVICES - set(SERVICES))}"


def test_app_services_are_built_from_this_dockerfile():
    for name in (*APP_SERVICES, "migrate"):
        build = SERVICES[name].get("build")
        context = build if isinstance(build, str) else (build or {}).get("context")
        assert context is not None, f"{name} has no build context"
        assert (ROOT / context / "Dockerfile").resolve() == DOCKERFILE, f"{name} builds from {context!r}"


def test_web_command_is_gunicorn_serving_a_real_wsgi_application():
    spec, options = gunicorn_app_spec(argv(SERVICES["web"]["command"]))

    application = resolve_wsgi(spec)

    from config.wsgi import application as project_application

    assert application is project_application
    assert options.bind == ["0.0.0.0:8000"], "web must listen on all interfaces, port 8000"
    assert any(str(port).endswith(":8000") for port in SERVICES["web"].get("ports", [])), "port 8000 is not published"


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_celery_commands_load_the_project_celery_app(name):
    args = argv(SERVICES[name]["command"])
    assert args[0] == "celery", f"{name} does not run celery: {args}"
    assert name in args, f"the {name} service does not run `celery ... {name}`: {args}"
    app_option = celery_app_option(args)

    module = importlib.import_module(app_option.split(":")[0])
    app = find_app(app_option)  # how `celery -A` itself resolves it

    assert isinstance(app, Celery)
    assert module is config and app is config.celery_app


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_healthcheck_or_a_stated_exemption(name):
    service = SERVICES[name]
    if name not in HEALTHCHECK_EXEMPT:
        assert healthcheck_enabled(service), f"{name} has no healthcheck and no exemption"
        test = service["healthcheck"]["test"]
        assert isinstance(test, list) and test[0] in ("CMD", "CMD-SHELL") and len(test) > 1, test
    elif name == "beat":
        # The exemption is written in the compose file too, not left implicit.
        assert service.get("healthcheck") == {"disable": True}
        assert service.get("restart") in ("always", "unless-stopped", "on-failure")
    else:
        assert not healthcheck_enabled(service), f"{name} is exempt but has a healthcheck: drop the exemption"
        assert str(service.get("restart", "no")) == "no", "a one-off job must not restart"


def test_healthcheck_exemptions_name_real_services_that_nobody_waits_healthy_for():
    assert set(HEALTHCHECK_EXEMPT) <= set(SERVICES)
    for name, service in SERVICES.items():
        for target, rule in depends_on(service).items():
            if target in HEALTHCHECK_EXEMPT:
                assert rule.get("condition") != "service_healthy", f"{name} waits for {target} to be healthy"


def test_every_depends_on_target_exists_and_its_condition_can_be_met():
    for name, service in SERVICES.items():
        for target, rule in depends_on(service).items():
            assert target in SERVICES, f"{name} depends on unknown service {target!r}"
            assert target != name, f"{name} depends on itself"
            condition = rule.get("condition", "service_started")
            assert condition in DEPENDS_ON_CONDITIONS, f"{name} -> {target}: unknown condition {condition!r}"
            if condition == "service_healthy":
                assert healthcheck_enabled(SERVICES[target]), f"{name} waits for {target}, which has no healthcheck"
            if condition == "service_completed_successfully":
                assert str(SERVICES[target].get("restart", "no")) == "no", f"{target} restarts, it never completes"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_db_and_redis_for_migrations_and_buckets(name):
    rules = depends_on(SERVICES[name])

    assert rules.get("db", {}).get("condition") == "service_healthy"
    assert rules.get("redis", {}).get("condition") == "service_healthy"
    assert rules.get("migrate", {}).get("condition") == "service_completed_successfully"
    assert rules.get("s3-buckets", {}).get("condition") == "service_completed_successfully"


def test_migrate_runs_manage_py_migrate_once_the_database_is_healthy():
    migrate = SERVICES["migrate"]

    assert argv(migrate["command"])[:3] == ["python", "manage.py", "migrate"]
    assert (ROOT / "manage.py").is_file()
    assert depends_on(migrate)["db"]["condition"] == "service_healthy"
    assert environment(migrate)["DATABASE_URL"] == environment(SERVICES["web"])["DATABASE_URL"]


@pytest.mark.parametrize("name", (*APP_SERVICES, "migrate"))
def test_app_services_get_their_configuration_from_the_environment_block(name):
    env = environment(SERVICES[name])

    for required in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"):
        assert required in env, f"{name} has no {required}"
    database = urlsplit(env["DATABASE_URL"])
    assert database.scheme in ("postgres", "postgresql") and database.hostname == "db"
    assert database.path.lstrip("/") == environment(SERVICES["db"])["POSTGRES_DB"]
    redis = urlsplit(env["REDIS_URL"])
    assert redis.scheme == "redis" and redis.hostname == "redis"
    assert env["DEBUG"] in ("0", "false", "False", "off"), "production runs with DEBUG off"
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "SECRET_KEY must be required, never defaulted"


@pytest.mark.parametrize("name", (*APP_SERVICES, "migrate"))
def test_app_environment_names_only_variables_that_something_reads(name):
    read_by_settings = settings_env_names()
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL"} <= read_by_settings, "settings parser found nothing"

    unknown = set(environment(SERVICES[name])) - read_by_settings - set(NON_SETTINGS_ENV)

    assert not unknown, f"{name} sets variables nothing reads (typo?): {sorted(unknown)}"


def test_web_healthcheck_calls_healthz_on_an_allowed_host_and_the_served_port():
    web = SERVICES["web"]
    command = " ".join(web["healthcheck"]["test"][1:])
    urls = re.findall(r"https?://[^\s'\"]+", command)
    assert len(urls) == 1, f"expected one URL in the web healthcheck: {command}"
    url = urlsplit(urls[0])
    _, options = gunicorn_app_spec(argv(web["command"]))

    match = resolve(url.path)

    assert match.func is healthz
    assert url.port == int(options.bind[0].rsplit(":", 1)[1])
    allowed = [host for host in without_interpolation(environment(web)["ALLOWED_HOSTS"]).split(",") if host]
    assert url.hostname in allowed, f"{url.hostname} is not always in ALLOWED_HOSTS: /healthz would answer 400"


def test_worker_healthcheck_pings_its_own_celery_node():
    test = SERVICES["worker"]["healthcheck"]["test"]
    command = test[-1] if test[0] == "CMD-SHELL" else " ".join(test[1:])
    args = shlex.split(command)

    assert args[0] == "celery" and find_app(celery_app_option(args)) is config.celery_app
    assert args[args.index("inspect") + 1] == "ping"
    assert "celery@$$HOSTNAME" in args, "ping only this container's worker (compose turns $$ into $)"


def test_db_and_redis_keep_their_data_in_named_volumes():
    declared = set(COMPOSE.get("volumes") or {})
    db, redis = SERVICES["db"], SERVICES["redis"]

    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert redis["image"].startswith("redis:7")
    assert "ping" in redis["healthcheck"]["test"]
    for service, data_dir in ((db, "/var/lib/postgresql/data"), (redis, "/data")):
        mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in service.get("volumes", [])}
        assert data_dir in mounts, f"{service['image']} keeps {data_dir} in no volume"
        assert mounts[data_dir] in declared, f"volume {mounts[data_dir]} is not declared"


def interpolation_default(value: str) -> str:
    """`${NAME:-default}` -> default; a plain value stays as it is."""
    match = re.fullmatch(r"\$\{\w+:-([^}]*)\}", value)
    return match.group(1) if match else value


@pytest.mark.parametrize("name", (*APP_SERVICES, "s3-buckets"))
def test_app_services_keep_media_in_the_s3_service(name):
    env = environment(SERVICES[name])
    endpoint = urlsplit(env["S3_ENDPOINT_URL"])
    s3 = SERVICES[endpoint.hostname]

    assert healthcheck_enabled(s3)
    assert any(str(port).endswith(f":{endpoint.port}") for port in s3.get("ports", [])), "browsers cannot reach it"
    assert urlsplit(interpolation_default(env["S3_CLIENT_ENDPOINT_URL"])).hostname in ("localhost", "127.0.0.1")
    public, private = interpolation_default(env["S3_PUBLIC_BUCKET"]), interpolation_default(env["S3_PRIVATE_BUCKET"])
    assert public and private and public != private, "photos and documents need two buckets"
    assert env["S3_SECRET_ACCESS_KEY"].startswith("${S3_SECRET_ACCESS_KEY:?"), "a secret, never defaulted"
    assert environment(s3)["MINIO_ROOT_PASSWORD"].startswith("${S3_SECRET_ACCESS_KEY:?")
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in s3.get("volumes", [])}
    assert mounts.get("/data") in (COMPOSE.get("volumes") or {}), "the objects live in no named volume"


def test_the_buckets_are_set_up_by_a_one_off_job_once_the_s3_service_is_healthy():
    job = SERVICES["s3-buckets"]
    args = argv(job["command"])

    assert args == ["python", "manage.py", "storage_buckets"]
    assert "storage_buckets" in get_commands()
    assert depends_on(job) == {"s3": {"condition": "service_healthy"}}
    assert str(job.get("restart")) == "no"


# Dockerfile ------------------------------------------------------------------


def test_dockerfile_builds_on_python_311_slim():
    assert dockerfile("FROM")[0].startswith("python:3.11-slim")


def test_dockerfile_installs_requirements_txt():
    steps = dockerfile_instructions()
    copies = [i for i, (keyword, rest) in enumerate(steps) if keyword == "COPY" and "requirements.txt" in rest.split()]
    installs = [
        i
        for i, (keyword, rest) in enumerate(steps)
        if keyword == "RUN" and re.search(r"\bpip install\b.*-r\s+requirements\.txt\b", rest)
    ]

    assert copies, "requirements.txt is never copied into the image"
    assert installs, "no RUN pip install -r requirements.txt"
    assert copies[0] < installs[0], "requirements.txt is installed before it is copied"
    requirements = (ROOT / "requirements.txt").read_text().lower()
    for package in ("gunicorn", "celery", "psycopg"):
        assert re.search(rf"^{package}\b", requirements, re.M), f"{package} is not a runtime requirement"


def test_dockerfile_cmd_serves_a_real_wsgi_application():
    cmd = json.loads(dockerfile("CMD")[-1])
    spec, options = gunicorn_app_spec(cmd)

    resolve_wsgi(spec)
    assert options.bind == ["0.0.0.0:8000"]


def test_dockerfile_runs_as_a_non_root_user_from_before_the_command():
    instructions = [keyword for keyword, _ in dockerfile_instructions()]
    users = dockerfile("USER")

    assert users, "no USER: the container would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    assert max(i for i, k in enumerate(instructions) if k == "USER") < instructions.index("CMD")


def test_dockerfile_collects_static_at_build_with_a_throwaway_secret_key():
    collect = [run for run in dockerfile("RUN") if "collectstatic" in run]

    assert collect and "--noinput" in collect[0]
    assert re.search(r"\bSECRET_KEY=\S+", collect[0]), "collectstatic needs an inline SECRET_KEY to load settings"
    for keyword in ("ENV", "ARG"):
        assert not any("SECRET_KEY" in rest for rest in dockerfile(keyword)), f"SECRET_KEY must not be an {keyword}"


def test_dockerfile_installs_weasyprint_system_libraries():
    apt = " ".join(run for run in dockerfile("RUN") if "apt-get install" in run).split()

    for package in WEASYPRINT_LIBS:
        assert package in apt, f"{package} is not installed"


def test_dockerignore_keeps_local_state_out_and_the_code_in():
    patterns = [
        line.strip().lstrip("/")
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def ignored(name):
        return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)

    for name in (".git", ".venv", ".env", "var"):
        assert ignored(name), f"{name} would be sent to the build"
    needed = [
        "requirements.txt",
        "manage.py",
        "config",
        "marketplace",
        "artisans",
        "catalog",
        "orders",
        "payments",
        "demo",
    ]
    for name in needed:
        assert (ROOT / name).exists()
        assert not ignored(name), f"{name} is needed in the image"
