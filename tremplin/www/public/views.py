from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def home(request):
    return render(request, "www/public/home.html")


@login_not_required
def about_data(request):
    return render(request, "www/public/about_data.html")
