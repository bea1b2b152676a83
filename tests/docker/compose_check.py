#!/usr/bin/python3
"""Checks docker/compose.yaml's `nagame` service against the built image and the config it mounts.

The image's side comes from `buildah inspect --type image` (JSON on stdin): its command, user,
volumes, exposed ports and health check. The compose side: the build, the mounts, the published
port, the environment. The config's side: listen, database, rule_files, the ${VARS} it needs.
tests/bot/demo_configs_test.cc checks the same files against each other; this adds the image.

On success prints how compose runs the service, one item a line, for scripts/test-image.sh:
  bind SOURCE TARGET ro|rw    a host path (absolute) mounted into the container
  volume NAME TARGET          a named volume
  env NAME                    a variable compose must be given (a secret, e.g. the token)
  config PATH                 the config path in the container
  port PORT                   the port the config listens on, exposed and published
  database PATH               the config's database in the container
On failure prints every problem to stderr and exits 1.
Usage: buildah inspect --type image IMAGE | tests/docker/compose_check.py docker/compose.yaml
"""

import glob
import json
import os
import re
import sys

import yaml

problems = []


def check(ok, message):
    if not ok:
        problems.append(message)
    return ok


def image_config(inspect):
    # Docker-format images keep HEALTHCHECK; OCI ones drop it.
    config = inspect.get("Docker", {}).get("config") or {}
    if not config:
        config = inspect.get("OCIv1", {}).get("config") or {}
    return config


def parse_mount(entry, compose_dir):
    """Returns (kind, source, target, mode) of a short or long compose volume entry."""
    if isinstance(entry, dict):
        source, target = entry.get("source", ""), entry["target"]
        mode = "ro" if entry.get("read_only") else "rw"
        kind = entry.get("type", "volume")
    else:
        parts = entry.split(":")
        source, target = parts[0], parts[1]
        mode = "ro" if len(parts) > 2 and "ro" in parts[2].split(",") else "rw"
        kind = "bind" if source.startswith((".", "/", "~")) else "volume"
    if kind == "bind":
        source = os.path.normpath(os.path.join(compose_dir, os.path.expanduser(source)))
    return kind, source, target, mode


def container_port(entry):
    if isinstance(entry, dict):
        return int(entry["target"])
    return int(str(entry).split(":")[-1].split("/")[0])


def seconds(duration):
    """Seconds in a duration such as 30s, 1m30s or 500ms."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", str(duration))
    return sum(float(n) * units[u] for n, u in parts)


def host_path(path, binds):
    """The host path behind container path `path`, through the bind mounts, or None."""
    best = None
    for source, target in binds:
        if path == target or path.startswith(target.rstrip("/") + "/"):
            if best is None or len(target) > len(best[1]):
                best = (source, target)
    if best is None:
        return None
    return best[0] + path[len(best[1]) :]


def main():
    compose_path = os.path.abspath(sys.argv[1])
    compose_dir = os.path.dirname(compose_path)
    with open(compose_path) as f:
        compose = yaml.safe_load(f)
    image = image_config(json.load(sys.stdin))
    services = compose.get("services", {})
    service = services.get("nagame")
    if not check(service is not None, "compose: no service `nagame`"):
        return report()

    # The build is this repository's docker/Dockerfile.
    build = service.get("build", {})
    context = os.path.normpath(os.path.join(compose_dir, build.get("context", ".")))
    dockerfile = os.path.join(context, build.get("dockerfile", "Dockerfile"))
    check(
        os.path.exists(dockerfile)
        and os.path.samefile(dockerfile, os.path.join(compose_dir, "Dockerfile")),
        f"compose: nagame builds {dockerfile}, not docker/Dockerfile",
    )

    # The image runs `nagame serve --config PATH` as an unprivileged user.
    command = (image.get("Entrypoint") or []) + (image.get("Cmd") or [])
    check(
        command[:2] == ["nagame", "serve"] and "--config" in command,
        f"image: command is {command}, not nagame serve --config PATH",
    )
    config_path = command[command.index("--config") + 1] if "--config" in command else ""
    user = image.get("User", "")
    check(user not in ("", "0", "root") and not user.startswith(("0:", "root:")),
          f"image: runs as {user or 'root'}")
    check("command" not in service and "entrypoint" not in service and "user" not in service,
          "compose: nagame overrides the image's command or user")

    # Mounts: binds exist on the host, named volumes are declared and are the image's volumes.
    binds, volumes = [], []
    declared = compose.get("volumes") or {}
    for entry in service.get("volumes", []):
        kind, source, target, mode = parse_mount(entry, compose_dir)
        if kind == "bind":
            check(os.path.exists(source), f"compose: nagame mounts {source}, which does not exist")
            binds.append((source, target))
            print(f"bind {source} {target} {mode}")
        else:
            check(source in declared, f"compose: volume {source} is not declared under volumes")
            check(target in (image.get("Volumes") or {}),
                  f"compose: volume {source} at {target}, not one of the image's VOLUMEs")
            volumes.append(target)
            print(f"volume {source} {target}")

    # The config: mounted at the path the image reads, its database on a volume.
    config_file = host_path(config_path, binds)
    if not check(config_file is not None and os.path.isfile(config_file),
                 f"compose: nothing mounts a config file at {config_path}"):
        return report()
    print(f"config {config_path}")
    with open(config_file) as f:
        text = f.read()
    config = yaml.safe_load(text)
    database = config.get("database", "")
    print(f"database {database}")
    check(any(database.startswith(v.rstrip("/") + "/") for v in volumes),
          f"config: database {database} is not on a volume ({', '.join(volumes)})")

    # Every rule file glob finds files through a mount.
    for pattern in config.get("rule_files", []):
        in_container = os.path.join(os.path.dirname(config_path), pattern)
        on_host = host_path(in_container, binds)
        check(on_host is not None and glob.glob(on_host),
              f"config: rule_files {pattern} ({in_container}) matches nothing that is mounted")

    # Listen: all interfaces, on the port the image exposes, compose publishes and the health
    # check and Alertmanager's webhook use.
    listen = str(config.get("listen", ""))
    host, _, port = listen.rpartition(":")
    check(host in ("0.0.0.0", "[::]"), f"config: listen {listen} is not reachable from outside")
    port = int(port) if port.isdigit() else 0
    print(f"port {port}")
    check(f"{port}/tcp" in (image.get("ExposedPorts") or {}), f"image: port {port} not exposed")
    check(port in [container_port(p) for p in service.get("ports", [])],
          f"compose: port {port} is not published")
    health = " ".join((image.get("Healthcheck") or {}).get("Test") or [])
    check(f"/dev/tcp/127.0.0.1/{port}" in health and "/healthz" in health,
          f"image: the health check does not GET /healthz on port {port}: {health!r}")
    for name, other in services.items():
        for entry in other.get("volumes", []):
            kind, source, _, _ = parse_mount(entry, compose_dir)
            if kind != "bind" or not source.endswith("alertmanager.yml"):
                continue
            with open(source) as f:
                urls = re.findall(r"url:\s*(\S+)", f.read())
            webhooks = [u for u in urls if "/webhooks/" in u]
            check(f"http://nagame:{port}/webhooks/alertmanager" in webhooks,
                  f"{source}: no webhook to http://nagame:{port}/webhooks/alertmanager")

    # Stopping: compose waits longer than Nagame drains before it kills it.
    grace = config.get("server", {}).get("shutdown_grace", "10s")
    check(seconds(service.get("stop_grace_period", "10s")) > seconds(grace),
          f"compose: stop_grace_period is not longer than server.shutdown_grace {grace}")

    # Variables the config needs without a default come from compose's environment.
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(e.split("=", 1) if "=" in e else (e, "") for e in environment)
    for name in sorted(set(re.findall(r"\$\{(\w+)\}", text))):
        if check(name in environment, f"config: needs ${{{name}}}, compose does not set it"):
            print(f"env {name}")
    return report()


def report():
    for p in problems:
        print(f"compose_check: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
