from innov_cli.cli import main

main()
