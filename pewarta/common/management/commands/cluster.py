import os
import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pewarta.common.cluster import Cluster, Ports


def _ports(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(",") if p.strip())


class Command(BaseCommand):
    help = (
        "Run the scale profile on loopback: SeaweedFS + S3, two web nodes, two task consumers, "
        "the SMTP receiver and Varnish, against PostgreSQL and Redis (Ctrl-C stops all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Varnish, the site's address")
        parser.add_argument("--web-ports", default="8001,8002", help="one web node per port")
        parser.add_argument("--smtp-port", type=int, default=2525)
        parser.add_argument("--s3-port", type=int, default=8333)
        parser.add_argument("--web-threads", type=int, default=2)
        parser.add_argument("--demo", action="store_true", help="load the demo content first")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, **options):
        ports = Ports(
            site=options["port"],
            web=_ports(options["web_ports"]),
            smtp=options["smtp_port"],
            s3=options["s3_port"],
        )
        root = Path(settings.VAR_DIR) / "cluster"
        cluster = Cluster(root, ports, dict(os.environ), web_threads=options["web_threads"],
                          out=self.stdout.write)  # fmt: skip
        signal.signal(signal.SIGTERM, lambda *_: setattr(cluster, "stopping", True))
        try:
            if not options["no_migrate"]:
                cluster.prepare_database()
            cluster.start_all(demo=options["demo"])
            self.stdout.write(
                f"Pewarta (cluster) berjalan di http://127.0.0.1:{ports.site}/ "
                f"(Ctrl-C untuk berhenti; PID di {root}/*.pid)"
            )
            cluster.supervise()
        except KeyboardInterrupt:
            pass
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        finally:
            cluster.stop_all()
