from yuesong_cli.cli.app import main

if __name__ == "__main__":  # not when a worker process imports it (spawn)
    main()
