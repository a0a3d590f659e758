from django.shortcuts import render

from tremplin.www.decorators import public_view


@public_view("GET")
def home(request):
    return render(request, "www/public/home.html")


@public_view("GET")
def about_data(request):
    return render(request, "www/public/about_data.html")
