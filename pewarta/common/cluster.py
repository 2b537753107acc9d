"""The scale profile on loopback (`pewarta cluster`): every engine a large newsroom runs.

SeaweedFS (master + volume + filer) with its S3 gateway on :8333, two web nodes (Granian) on
:8001 and :8002, two task consumers, the SMTP receiver on :2525 and Varnish on :8000 in front
of both web nodes, against PostgreSQL (`DATABASE_URL`) and Redis (`REDIS_URL`).

The supervisor is `pewarta run`'s, grown for several nodes: each process's PID is written to
var/cluster/<name>.pid; a process that stops is started again after a short pause (as
systemd's Restart= would), unless var/cluster/<name>.hold exists (an operator or a fault
test keeps it down); Ctrl-C or SIGTERM stops all. The command lines are the ones the systemd
units in deploy/ run.
"""

import json
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pewarta_cluster"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
PUBLIC_BUCKET = "pewarta-media"
PRIVATE_BUCKET = "pewarta-private"
REPO = Path(__file__).resolve().parent.parent.parent
VCL = REPO / "deploy" / "varnish.vcl"


@dataclass
class Ports:
    site: int = 8000
    web: tuple[int, ...] = (8001, 8002)
    smtp: int = 2525
    s3: int = 8333


@dataclass
class Child:
    name: str
    argv: list[str]
    ready: str = ""  # "tcp:PORT" or an http URL answering 200 once the process serves
    log: Path | None = None  # chatty engines write here; ours print to the console
    proc: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0
    env: dict = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def is_ready(child: Child) -> bool:
    if not child.ready:
        return True
    if child.ready.startswith("tcp:"):
        return port_open(int(child.ready[4:]))
    return _answers(child.ready)


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database named in `url` if it does not exist. True if created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def ensure_buckets(env: dict) -> None:
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=env["PEWARTA_S3_ENDPOINT_URL"],
        aws_access_key_id=env["PEWARTA_S3_ACCESS_KEY"],
        aws_secret_access_key=env["PEWARTA_S3_SECRET_KEY"],
        region_name=env.get("PEWARTA_S3_REGION") or "us-east-1",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    for bucket in (env["PEWARTA_S3_PUBLIC_BUCKET"], env["PEWARTA_S3_PRIVATE_BUCKET"]):
        if bucket not in existing:
            client.create_bucket(Bucket=bucket)


def varnish_backends(ports: Ports, public_bucket: str) -> str:
    """The per-installation part of the VCL (deploy/varnish.vcl includes it)."""
    probe = (
        "    .probe = {\n"
        '        .url = "/health";\n'
        "        .timeout = 2s;\n"
        "        .interval = 1s;\n"
        "        .window = 4;\n"
        "        .threshold = 2;\n"
        "        .initial = 2;\n"
        "    }\n"
    )
    lines = ["# Written by `pewarta cluster`; production's is in docs/deploy.md.", ""]
    lines.append("import directors;")
    lines.append("")
    for i, port in enumerate(ports.web, 1):
        lines.append(f"backend web{i} {{")
        lines.append('    .host = "127.0.0.1";')
        lines.append(f'    .port = "{port}";')
        lines.append("    .connect_timeout = 1s;")
        lines.append("    .first_byte_timeout = 30s;")
        lines.append(probe + "}")
        lines.append("")
    lines.append("backend media {")
    lines.append('    .host = "127.0.0.1";')
    lines.append(f'    .port = "{ports.s3}";')
    lines.append("}")
    lines.append("")
    lines.append('acl purgers {\n    "127.0.0.1";\n    "::1";\n}')
    lines.append("")
    lines.append("sub vcl_init {")
    lines.append("    new web = directors.round_robin();")
    lines.extend(f"    web.add_backend(web{i});" for i in range(1, len(ports.web) + 1))
    lines.append("}")
    lines.append("")
    lines.append("sub pewarta_media {")
    lines.append("    set req.backend_hint = media;")
    lines.append(f'    set req.url = regsub(req.url, "^/media/", "/{public_bucket}/");')
    lines.append("    unset req.http.Accept-Language;")
    lines.append("}")
    return "\n".join(lines) + "\n"


class Cluster:
    def __init__(self, root: Path, ports: Ports, base_env: dict, *, web_threads=2, out=print):
        self.root = root
        self.ports = ports
        self.out = out
        self.web_threads = web_threads
        self.env = self._env(base_env)
        self.children: list[Child] = []
        self.stopping = False

    # --- preparation -------------------------------------------------------------------------

    def _credentials(self) -> dict:
        path = self.root / "s3-credentials.json"
        if path.exists():
            return json.loads(path.read_text())
        data = {"access_key": "pewarta" + secrets.token_hex(6), "secret_key": secrets.token_hex(20)}
        path.write_text(json.dumps(data))
        path.chmod(0o600)
        return data

    def _env(self, base: dict) -> dict:
        self.root.mkdir(parents=True, exist_ok=True)
        env = dict(base)
        for name in ("DATABASE_URL", "REDIS_URL"):
            if not env.get(name):
                env[name] = DEFAULT_DATABASE_URL if name == "DATABASE_URL" else DEFAULT_REDIS_URL
        site = f"http://127.0.0.1:{self.ports.site}"
        credentials = self._credentials()
        env.setdefault("PEWARTA_S3_ENDPOINT_URL", f"http://127.0.0.1:{self.ports.s3}")
        env.setdefault("PEWARTA_S3_ACCESS_KEY", credentials["access_key"])
        env.setdefault("PEWARTA_S3_SECRET_KEY", credentials["secret_key"])
        env.setdefault("PEWARTA_S3_PUBLIC_BUCKET", PUBLIC_BUCKET)
        env.setdefault("PEWARTA_S3_PRIVATE_BUCKET", PRIVATE_BUCKET)
        env.setdefault("PEWARTA_SITE_URL", site)
        env.setdefault("PEWARTA_EDGE_PURGE_URLS", site + "/")
        env.setdefault("PEWARTA_TRUSTED_PROXIES", "127.0.0.1,::1")
        env.setdefault("PEWARTA_INTAKE_SMTP_ADDRESS", f"127.0.0.1:{self.ports.smtp}")
        # Varnish is the page cache here; a file cache per node would not see other purges.
        env["PEWARTA_PAGE_CACHE"] = "0"
        env["HUEY_IMMEDIATE"] = "0"
        env["DJANGO_SETTINGS_MODULE"] = "pewarta.settings"
        return env

    def _manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "pewarta", *args], env=self.env, check=True)  # noqa: S603

    def prepare_database(self) -> None:
        if ensure_database(self.env["DATABASE_URL"]):
            self.out(f"created database {urlsplit(self.env['DATABASE_URL']).path.lstrip('/')}")
        self._manage("migrate", "--no-input", "-v", "0")
        if self.env.get("PEWARTA_ENV") == "production":
            self._manage("collectstatic", "--no-input", "-v", "0")

    # --- the processes -----------------------------------------------------------------------

    def plan(self) -> list[Child]:
        weed = str(Path(sys.executable).parent / "weed")
        data = self.root / "seaweedfs"
        data.mkdir(parents=True, exist_ok=True)
        internal = {n: free_port() for n in ("master", "master_g", "volume", "volume_g")}
        internal |= {n: free_port() for n in ("filer", "filer_g", "s3_g")}
        s3_config = self.root / "s3.json"
        s3_config.write_text(self._s3_identities())
        s3_config.chmod(0o600)
        (self.root / "pewarta-backends.vcl").write_text(
            varnish_backends(self.ports, self.env["PEWARTA_S3_PUBLIC_BUCKET"])
        )
        python = [sys.executable, "-m"]
        children = [
            Child("seaweedfs", [
                weed, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                f"-master.port={internal['master']}", f"-master.port.grpc={internal['master_g']}",
                f"-volume.port={internal['volume']}", f"-volume.port.grpc={internal['volume_g']}",
                "-filer", f"-filer.port={internal['filer']}",
                f"-filer.port.grpc={internal['filer_g']}", "-master.volumeSizeLimitMB=256",
                "-volume.max=50", "-volume.preStopSeconds=0",
            ], ready=f"tcp:{internal['filer']}", log=self.root / "seaweedfs.log"),
            Child("s3", [
                weed, "s3", f"-filer=127.0.0.1:{internal['filer']}.{internal['filer_g']}",
                "-ip.bind=127.0.0.1", f"-port={self.ports.s3}", f"-port.grpc={internal['s3_g']}",
                "-port.iceberg=0", "-port.lance=0", f"-config={s3_config}",
            ], ready=f"tcp:{self.ports.s3}", log=self.root / "s3.log"),
        ]  # fmt: skip
        for i, port in enumerate(self.ports.web, 1):
            children.append(Child(f"web{i}", [
                *python, "granian", "--interface", "wsgi", "--host", "127.0.0.1",
                "--port", str(port), "--workers", "1",
                "--blocking-threads", str(self.web_threads), "--no-ws",
                "pewarta.wsgi:application",
            ], ready=f"http://127.0.0.1:{port}/health",
               env={"PEWARTA_NODE": f"web{i}"}))  # fmt: skip
        for i in (1, 2):
            children.append(
                Child(f"tasks{i}", [*python, "pewarta", "run_huey", "--quiet"],
                      env={"PEWARTA_NODE": f"tasks{i}"})
            )  # fmt: skip
        children.append(Child("mail", [
            *python, "pewarta", "mailserver", "--host", "127.0.0.1", "--port", str(self.ports.smtp),
        ], ready=f"tcp:{self.ports.smtp}"))  # fmt: skip
        children.append(Child("varnish", [
            "/usr/sbin/varnishd", "-F", "-j", "none", "-n", str(self.root / "varnish"),
            "-a", f"127.0.0.1:{self.ports.site}", "-T", "none",
            "-p", f"vcl_path={self.root}:{VCL.parent}", "-f", str(VCL),
            "-s", "malloc,256m", "-p", "thread_pool_min=100",
        ], ready=f"tcp:{self.ports.site}", log=self.root / "varnish.log"))  # fmt: skip
        return children

    def _s3_identities(self) -> str:
        return json.dumps({
            "identities": [
                {
                    "name": "pewarta",
                    "credentials": [{
                        "accessKey": self.env["PEWARTA_S3_ACCESS_KEY"],
                        "secretKey": self.env["PEWARTA_S3_SECRET_KEY"],
                    }],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                },
                # Photos are public (Varnish fetches them without signing); evidence is not.
                {"name": "anonymous", "actions": [f"Read:{self.env['PEWARTA_S3_PUBLIC_BUCKET']}"]},
            ]
        })  # fmt: skip

    def pid_file(self, child: Child) -> Path:
        return self.root / f"{child.name}.pid"

    def hold_file(self, name: str) -> Path:
        return self.root / f"{name}.hold"

    def start(self, child: Child) -> None:
        output = open(child.log, "ab") if child.log else None  # noqa: SIM115 - kept by the child
        child.proc = subprocess.Popen(  # noqa: S603
            child.argv, env={**self.env, **child.env}, stdout=output, stderr=output,
            start_new_session=True,
        )  # fmt: skip
        if output:
            output.close()
        child.started = time.monotonic()
        self.pid_file(child).write_text(f"{child.proc.pid}\n")

    def wait_ready(self, child: Child, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not is_ready(child):
            if child.proc.poll() is not None:
                raise RuntimeError(f"{child.name} stopped while starting (see its output)")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{child.name} did not become ready in {timeout:.0f} s")
            time.sleep(0.2)

    def start_all(self, *, demo: bool = False) -> None:
        self.children = self.plan()
        by_name = {c.name: c for c in self.children}
        for name in ("seaweedfs", "s3"):
            self.start(by_name[name])
            self.wait_ready(by_name[name])
        self._with_retries(lambda: ensure_buckets(self.env), "creating the buckets")
        if demo:
            self._manage("demo")
        rest = [c for c in self.children if c.name not in ("seaweedfs", "s3", "varnish")]
        for child in rest:
            self.start(child)
        for child in rest:
            self.wait_ready(child)
        self.start(by_name["varnish"])
        self.wait_ready(by_name["varnish"])

    def _with_retries(self, fn, what: str, attempts: int = 30) -> None:
        for attempt in range(attempts):
            try:
                return fn()
            except Exception as error:
                if attempt == attempts - 1:
                    raise RuntimeError(f"{what} failed: {error}") from error
                time.sleep(0.5)

    def supervise(self) -> None:
        """Restart what stops (unless held) until asked to stop."""
        while not self.stopping:
            for child in self.children:
                if child.proc is None or child.proc.poll() is None:
                    continue
                if self.hold_file(child.name).exists():
                    continue
                code = child.proc.returncode
                lived = time.monotonic() - child.started
                child.failures = 0 if lived > 30 else child.failures + 1
                pause = min(10.0, 0.5 * 2**child.failures)
                self.out(f"{child.name} stopped (exit {code}); starting it again in {pause:.1f} s")
                time.sleep(pause)
                if not self.stopping:
                    self.start(child)
            time.sleep(0.3)

    def stop_all(self) -> None:
        self.stopping = True
        for child in reversed(self.children):
            if child.proc is not None and child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)
        for child in reversed(self.children):
            if child.proc is None:
                continue
            try:
                child.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.proc.kill()
                child.proc.wait()
            self.pid_file(child).unlink(missing_ok=True)
