"""``jinye setup``: the company, its marketing department and the first director's login."""

from typing import Annotated

import typer

from jinye.clikit import console, refusals, setup_django


def register(app: typer.Typer) -> None:
    app.command("setup")(setup)


def setup(
    company_code: Annotated[str, typer.Option(help="Company code, e.g. 3301.")],
    company: Annotated[str, typer.Option(help="Company name, e.g. 某市烟草公司.")],
    department_code: Annotated[str, typer.Option(help="Department code, e.g. QX.")],
    department: Annotated[str, typer.Option(help="Department name, e.g. 某县营销部.")],
    director_no: Annotated[str, typer.Option(help="The director's employee number (工号).")],
    director_name: Annotated[str, typer.Option(help="The director's name.")],
    username: Annotated[
        str, typer.Option(help="The director's user name (default: the employee number).")
    ] = "",
    phone: Annotated[str, typer.Option(help="The director's phone.")] = "",
) -> None:
    """Create the company, its marketing department and the first director's login (with a
    one-time password, printed once, to be changed at first sign-in). Run it once on a new
    data directory; running it again with the same codes changes nothing but the names."""
    setup_django()
    from jinye.org.services import do_setup_department

    with refusals():
        result = do_setup_department(
            company_code=company_code,
            company_name=company,
            department_code=department_code,
            department_name=department,
            director_no=director_no,
            director_name=director_name,
            username=username,
            phone=phone,
        )
    dept = result.department
    console.print(f"Department {dept.code} {dept.name} is ready.")
    if result.password is None:
        console.print(f"Director {result.username}: login unchanged.")
    else:
        console.print(
            f"Director login: {result.username}  one-time password: {result.password}\n"
            "It is shown only now; it must be changed at the first sign-in.\n"
            "Next: jinye import areas FILE, then staff, skus, retailers, orders, targets "
            "(jinye import --help)."
        )
