"""The writer's pages under /akun/ and tracking under /lacak/."""
