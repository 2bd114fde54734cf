from yuesong_cli.cli.app import main

main()
