from negotiation.cli import main

raise SystemExit(main())
