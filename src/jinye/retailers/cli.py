"""``jinye retailer-login LICENCE USERNAME``: a retailer's own login to the portal."""

from typing import Annotated

import typer

from jinye.clikit import console, err, refusals, setup_django, user_named


def register(app: typer.Typer) -> None:
    app.command("retailer-login")(retailer_login)


def retailer_login(
    licence: Annotated[str, typer.Argument(help="The retailer's licence number.")],
    username: Annotated[str, typer.Argument(help="The login name to give it.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    by: Annotated[
        str | None, typer.Option(help="Username of the staff member creating it (recorded).")
    ] = None,
) -> None:
    """Create a retailer's own login: it orders online and sees its allowance, total, tier
    and star with the reasons — its own shop only."""
    setup_django()
    from jinye.retailers.models import Retailer
    from jinye.retailers.services import do_create_login

    retailer = Retailer.objects.filter(licence_no=licence.strip()).first()
    if retailer is None:
        err.print(f"licence {licence!r}: no such retailer")
        raise typer.Exit(2)
    with refusals():
        login = do_create_login(
            retailer=retailer,
            username=username,
            password=password,
            by=user_named(by),
        )
    console.print(f"{login.user.username} → {retailer.licence_no} {retailer.name}")
