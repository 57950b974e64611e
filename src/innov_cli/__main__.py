from innov_cli import main

main()
