from innov_cli.entry import main

main()
