from pewarta.cli import main

main()
