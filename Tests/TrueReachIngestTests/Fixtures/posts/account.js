window.YTD.account.part0 = [
  {
    "account" : {
      "username" : "gardener",
      "accountId" : "4242"
    }
  }
]
